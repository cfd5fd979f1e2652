package dev.ferry.cli;

import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.loader.ConfigProblem;
import dev.ferry.engine.config.loader.FieldLocator;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.engine.run.ConnectedLookupTables;
import dev.ferry.engine.run.StreamPreflight;
import dev.ferry.engine.state.StateStore;
import dev.ferry.engine.state.StateStores;
import dev.ferry.engine.transform.TransformContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ferry validate --connect} finds in the databases: a source, destination or state store
 * that cannot be reached (located at its url), every stream problem a run would meet on the source, and the
 * names and types the destination says it cannot hold. Reads no rows and creates nothing.
 *
 * @param problems    every problem, located in the pipeline file
 * @param unreachable whether a connection failed, so the streams could not all be looked at
 */
record ConnectedValidation(List<ConfigProblem> problems, boolean unreachable) {

    static ConnectedValidation of(PipelineConfig config, Path file, ConnectorRegistry connectors) {
        FieldLocator locator = FieldLocator.of(file);
        List<ConfigProblem> problems = new ArrayList<>();
        boolean unreachable = false;
        Destination destination = null;
        try {
            try {
                destination = connectors.openDestination(config.destinationConnection());
                if (!config.destination().equals(config.source())) {
                    destination.check();
                }
            } catch (FerryException e) {
                problems.add(locator.problem(urlOf(config.destination()), e.getMessage()));
                unreachable = true;
            }
            try (Source source = connectors.openSource(config.sourceConnection())) {
                source.check();
                problems.addAll(StreamPreflight.check(config, source, unreachable ? null : destination, locator,
                        new TransformContext(ConnectedLookupTables.describedOnly(connectors, config))));
            } catch (FerryException e) {
                problems.add(locator.problem(urlOf(config.source()), e.getMessage()));
                unreachable = true;
            }
        } finally {
            if (destination != null) {
                destination.close();
            }
        }
        try {
            // Opened only when a run made it, so the look creates nothing.
            StateStores.openIfExists(config.state()).ifPresent(StateStore::close);
        } catch (FerryException e) {
            problems.add(locator.problem("state.url", e.getMessage()));
            unreachable = true;
        }
        problems.sort(java.util.Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConnectedValidation(problems, unreachable);
    }

    private static String urlOf(String connection) {
        return "connections." + connection + ".url";
    }
}
