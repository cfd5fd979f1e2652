package dev.ferry.server.pipelines;

import dev.ferry.api.FerryException;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.StreamPreview;
import dev.ferry.server.connections.ConnectionService;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A preview of a pipeline that need not be saved: {@code ferry preview} on YAML sent to the server,
 * with the server's stored connections. Used by {@code POST /api/preview} and the dashboard's wizard.
 */
public final class PipelinePreview {
    private PipelinePreview() {
    }

    /**
     * @throws dev.ferry.engine.config.loader.ConfigException when the YAML has problems
     * @throws NoSuchElementException when the pipeline has no such stream
     * @throws FerryException when the source cannot be read; the message holds none of its secrets
     */
    public static StreamPreview.Result of(PipelineCatalog catalog, String yaml, String stream, int limit,
                                          ConnectorRegistry connectors) {
        PipelineConfig config = catalog.read(yaml, java.nio.file.Path.of("api:preview"));
        List<StreamConfig> chosen = config.selectStreams(stream);
        if (chosen.isEmpty()) {
            throw new NoSuchElementException("Pipeline " + config.name() + " has no stream " + stream + "; its streams are "
                    + String.join(", ", config.streams().stream().map(StreamConfig::name).toList()));
        }
        try {
            return StreamPreview.of(config, chosen.getFirst(), limit, connectors);
        } catch (FerryException e) {
            throw new FerryException(ConnectionService.scrub(e.getMessage(), config.sourceConnection()), e);
        }
    }
}
