package dev.ferry.cli;

import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.PipelineLoader;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The pipeline file argument shared by the commands that read one. */
final class PipelineOption {
    @Parameters(index = "0", paramLabel = "PIPELINE.yml", description = "The pipeline file.")
    Path file;

    PipelineConfig load() {
        return PipelineLoader.load(file);
    }
}
