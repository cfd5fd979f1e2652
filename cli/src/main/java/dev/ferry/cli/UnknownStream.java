package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.loader.Suggestions;

import java.util.List;

/** The usage error of a {@code --stream} the pipeline does not have, the same for every command. */
final class UnknownStream {
    private UnknownStream() {
    }

    /** {@code pipeline p has no stream named x; its streams are a, b; did you mean 'a'?} */
    static String message(PipelineConfig config, String stream) {
        List<String> names = config.streams().stream().map(StreamConfig::name).toList();
        return "pipeline " + config.name() + " has no stream named " + stream + "; its streams are "
                + String.join(", ", names) + Suggestions.didYouMean(stream, names);
    }
}
