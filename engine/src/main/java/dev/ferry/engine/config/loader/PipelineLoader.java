package dev.ferry.engine.config.loader;

import dev.ferry.api.SchemaChangePolicy;

import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.ExternalConnections;
import dev.ferry.engine.config.NotificationConfig;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.ScheduleConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.StreamConfig;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a pipeline from a YAML file and validates it, reporting every mistake at once with its file,
 * line, column and field, and saying what would be valid.
 *
 * <h2>Format</h2>
 * <pre>{@code
 * pipeline: sales-mirror              # required; letters, digits, _ . -
 * connections:                        # required (optional when a server offers stored connections); name -> connection
 *   erp:
 *     url: jdbc:sqlite:data/source.db # required; a relative SQLite path is taken from this file's folder;
 *                                     #   never a written password (?password=, ;password=, user:pass@host):
 *                                     #   use password:, or a reference in its place, shown as written
 *     type: sqlite                    # optional; inferred from the url when absent
 *     user: app                       # optional; may also be ${env:NAME} or ${file:PATH}
 *     password: ${env:ERP_PASSWORD}   # optional; only ${env:NAME} or ${file:PATH}, never the password itself
 *     properties: {sslmode: require}  # optional driver properties; values may be ${env:NAME} or ${file:PATH}
 *     zero_dates: fail                # optional, MySQL/MariaDB sources: fail | null | a date such as 1970-01-01
 *                                     #   (default fail: a row with 0000-00-00 fails, naming table, column and key)
 *     decimals: number                # optional, SQLite destinations: number | text (default number: SQLite's
 *                                     #   own numbers, and a value they cannot hold exactly fails)
 *     tinyint1: boolean               # optional, MySQL/MariaDB sources: boolean | integer (default boolean:
 *                                     #   TINYINT(1) holding other than 0 or 1 fails its row; integer reads a SMALLINT)
 *     connect_timeout: 10s            # optional; 1s to 1h, whole seconds (default 10s): how long connecting and
 *                                     #   logging in may take before the attempt fails naming host and port
 *   warehouse:
 *     url: jdbc:postgresql://localhost:5432/wh
 * source: erp                         # required; a name under connections, or of a connection stored on the
 *                                     #   server (ExternalConnections), used when the file does not declare it
 * destination: warehouse              # required; as source (may be the source)
 * state:                              # optional; default jdbc:sqlite:.ferry/state.db (StateConfig.embeddedDefault())
 *   url: jdbc:sqlite:.ferry/state.db  # required in the section; a relative SQLite path is taken from this file's folder
 *   user: ferry                       # optional
 *   password: ${file:secrets/state}   # optional; same rules as a connection's password
 * defaults:                           # optional; settings every stream inherits unless it sets its own
 *   sync: full_refresh                # full_refresh | incremental | hash | changes (default full_refresh)
 *   write: upsert                     # overwrite | upsert (default upsert; incremental and hash need upsert)
 *   naming: as_is                     # as_is | snake_case | lower_case (default as_is)
 *   lookback: 0                       # see lookback below (default none)
 * batch_size: 2000                    # optional; 1 to 1,000,000 (default PipelineConfig.DEFAULT_BATCH_SIZE)
 * commit_every: 100000                # optional; at least batch_size (default PipelineConfig.DEFAULT_COMMIT_EVERY,
 *                                     #   raised to batch_size when that is larger)
 * schema_changes: propagate           # optional; when an existing destination table differs from its stream:
 *                                     #   propagate (add columns, widen types) | ignore | fail (default propagate);
 *                                     #   a column gone from the source is never dropped at the destination
 * parallelism: 1                      # optional; 1 to 64 streams at once, each on its own source and destination
 *                                     #   connections (default 1: one after another on one pair of connections);
 *                                     #   must be 1 with a SQLite destination, which takes one writer at a time
 * streams:                            # required; at least one, started in this order unless depends_on says otherwise
 *   - name: ventas                    # optional for table/view: default the table's unqualified name;
 *                                     #   required for query; unique in the pipeline
 *     table: dbo.ventas               # exactly one of table, view (same as table) or query
 *     query: "select ..."
 *     destination_table: ventas       # optional; default the name under the stream's naming; unique
 *     key: [conduce]                  # optional list or single name; default the source's primary key;
 *                                     #   required for a query unless sync is full_refresh and write is overwrite
 *     columns: [conduce, monto]       # optional; source columns to read (default all)
 *     flatten: true                   # optional (default false), sources that can only (Convex): a field holding
 *                                     #   an object becomes one column per property, named field_property
 *     rename: {CONDUCE: conduce}      # optional; source column -> destination column, targets unique
 *     naming: snake_case              # optional; overrides defaults.naming
 *     sync: incremental               # optional; overrides defaults.sync
 *     write: upsert                   # optional; overrides defaults.write
 *     cursor: ultima_modificacion     # required for incremental streams, not allowed for others
 *     lookback: 5m                    # optional, incremental streams only: a duration (30s, 5m, 2h, 1d, 1h30m,
 *                                     #   ISO PT5M) for time cursors, or a non-negative number for numeric
 *                                     #   cursors; 0 means none
 *     deletes: soft                   # optional; none | hard | soft (default none; also under defaults): remove
 *                                     #   destination rows the source no longer has, or set _ferry_deleted_at;
 *                                     #   full_refresh upsert and hash streams find them on every complete read
 *     reconcile_every: 10             # optional, incremental streams with deletes: scan the source's keys every
 *                                     #   N runs (1 = every run; default 0: only on `ferry run --reconcile-deletes`)
 *     allow_empty_source: false       # optional; true lets a read that returned no rows remove every row
 *     depends_on: [clienti]           # optional list or single name of other streams of this file; this stream is
 *                                     #   written only after they committed in the same run, and skipped when one
 *                                     #   of them fails; no cycles
 *     transforms: [...]               # optional; steps between reading and writing (see TransformKinds)
 *     max_bad_rows: 0                 # optional, also under defaults: rows set aside in the quarantine before a
 *     max_bad_ratio: 0                #   run fails (a whole number; a fraction 0..1 or a percentage such as 1%);
 *                                     #   both 0 (default): the first bad row fails the run
 * schedule: {cron: "15 *&#47;4 * * *", timezone: Europe/Rome}  # optional; see ScheduleSection (server only)
 * notify: {email: [ops@example.com]}  # optional; see NotifySection (server only)
 * }</pre>
 * Any text value may hold {@code ${env:NAME}} and {@code ${file:PATH}} references, alone or among other
 * text ({@code table: sales.${env:TABLE}}); numbers and choices are checked after resolving, and
 * {@code $${} stands for a literal {@code ${}. Keys never hold references. A URL that holds references
 * is shown as written, never with their values.
 * When {@code columns} is given, key columns, the cursor and renamed columns must be among them.
 * Unknown keys are errors, with a suggestion when a valid key is close. A secret's value never
 * appears in an error.
 *
 * <p>Stateless; safe to call from any thread.
 */
public final class PipelineLoader {

    private static final List<String> ROOT_KEYS = List.of("pipeline", "connections", "source", "destination", "state",
            "defaults", "batch_size", "commit_every", "schema_changes", "parallelism", "streams", "schedule", "notify");
    private static final Map<String, SchemaChangePolicy> SCHEMA_CHANGES = StreamSection.options(SchemaChangePolicy.values());
    private static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final int MAX_BATCH_SIZE = 1_000_000;

    private PipelineLoader() {
    }

    /** Reads the pipeline, resolving {@code ${env:NAME}} from this process's environment. */
    public static PipelineConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Reads the pipeline, resolving {@code ${env:NAME}} from the given variables.
     *
     * @param file        the YAML file; never null. Problems name it as given here.
     * @param environment the variables {@code ${env:NAME}} reads; never null
     * @throws ConfigException listing every problem found, when the file is unreadable or invalid
     */
    public static PipelineConfig load(Path file, Map<String, String> environment) {
        return load(file, environment, path -> false);
    }

    /**
     * Reads the pipeline for a command that uses only its name and its state store, such as
     * {@code ferry status}: references outside {@code state:} that cannot be resolved (secrets of
     * connections that are not set where the command runs) are left as written, and such
     * connections must not be used. The state store's own references must resolve.
     */
    public static PipelineConfig loadForState(Path file) {
        return loadForState(file, System.getenv());
    }

    /** {@link #loadForState(Path)} with the given variables. */
    public static PipelineConfig loadForState(Path file, Map<String, String> environment) {
        return load(file, environment, path -> !path.equals("state") && !path.startsWith("state."));
    }

    /**
     * Reads a pipeline from YAML text that is not in a file of its own (one stored by the server).
     *
     * @param content     the YAML text
     * @param origin      how problems name where the text came from, e.g. {@code api:orders}; also the
     *                    pipeline's {@link PipelineConfig#file()}
     * @param folder      where relative SQLite paths and {@code ${file:}} references are taken from
     * @param environment the variables {@code ${env:NAME}} reads
     * @throws ConfigException listing every problem found
     */
    public static PipelineConfig parse(String content, Path origin, Path folder, Map<String, String> environment) {
        return parse(content, origin, folder.toAbsolutePath().normalize(), environment, path -> false, new Problems(origin));
    }

    /**
     * Reads the pipeline; a source or destination it names without declaring it under {@code connections:}
     * is taken from {@code external} (the connections a server stores), and {@code connections:} may
     * then be left out. An unknown name is still reported at its line, with the declared and the
     * external names.
     *
     * @param external the connections offered besides the file's own; never null
     * @throws ConfigException listing every problem found
     */
    public static PipelineConfig load(Path file, Map<String, String> environment, ExternalConnections external) {
        return load(file, environment, path -> false, external);
    }

    /** {@link #parse(String, Path, Path, Map)} with connections offered besides the text's own, as for {@link #load(Path, Map, ExternalConnections)}. */
    public static PipelineConfig parse(String content, Path origin, Path folder, Map<String, String> environment,
                                       ExternalConnections external) {
        return parse(content, origin, folder.toAbsolutePath().normalize(), environment, path -> false, new Problems(origin),
                external);
    }

    private static PipelineConfig load(Path file, Map<String, String> environment, Predicate<String> deferred) {
        return load(file, environment, deferred, ExternalConnections.NONE);
    }

    private static PipelineConfig load(Path file, Map<String, String> environment, Predicate<String> deferred,
                                       ExternalConnections external) {
        Problems problems = new Problems(file);
        String content = read(file, problems);
        problems.throwIfAny();
        return parse(content, file, file.toAbsolutePath().normalize().getParent(), environment, deferred, problems,
                external);
    }

    private static PipelineConfig parse(String content, Path file, Path folder, Map<String, String> environment,
                                        Predicate<String> deferred, Problems problems) {
        return parse(content, file, folder, environment, deferred, problems, ExternalConnections.NONE);
    }

    private static PipelineConfig parse(String content, Path file, Path folder, Map<String, String> environment,
                                        Predicate<String> deferred, Problems problems, ExternalConnections external) {
        Objects.requireNonNull(external, "external connections");
        YamlNode root = new YamlTreeReader(problems).read(content);
        if (root == null) {
            problems.throwIfAny();
        }
        SecretResolver secrets = new SecretResolver(environment, folder);
        root = new ReferencePass(secrets, problems, deferred).resolve(root);
        PipelineConfig config = readPipeline(root, file, folder, secrets, deferred, problems, external);
        problems.throwIfAny();
        return config;
    }

    private static String read(Path file, Problems problems) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            problems.add(0, 0, null, "cannot read the file: it is not UTF-8 text");
        } catch (IOException e) {
            problems.add(0, 0, null, "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        return null;
    }

    private static PipelineConfig readPipeline(YamlNode node, Path file, Path folder, SecretResolver secrets,
                                               Predicate<String> deferred, Problems problems,
                                               ExternalConnections external) {
        Fields root = Fields.open(node, "", problems, "a map with keys " + Suggestions.join(ROOT_KEYS), ROOT_KEYS);
        if (root == null) {
            return null;
        }
        String name = root.requiredText("pipeline", "is required: the pipeline's name (letters, digits, _ . -)");
        if (name != null && !PIPELINE_NAME.matcher(name).matches()) {
            root.problem("pipeline", "'" + name + "' is not a valid name; use only letters, digits, _ . and -");
        }

        ConnectionSection connectionSection = new ConnectionSection(problems, secrets, folder, deferred);
        List<String> declared = new ArrayList<>();
        boolean offered = external != ExternalConnections.NONE;
        Map<String, ConnectionConfig> connections = connectionSection.readConnections(root, declared, !offered);
        ConnectionReferences references = new ConnectionReferences(declared, connections, external);
        String source = connectionName(root, "source", references);
        String destination = connectionName(root, "destination", references);
        StateConfig state = connectionSection.readState(root);

        Integer batchSize = root.wholeNumber("batch_size", 1, MAX_BATCH_SIZE, "from 1 to " + MAX_BATCH_SIZE);
        int effectiveBatchSize = batchSize != null ? batchSize : PipelineConfig.DEFAULT_BATCH_SIZE;
        Integer commitEvery = root.wholeNumber("commit_every", effectiveBatchSize, Integer.MAX_VALUE,
                "of at least batch_size (" + effectiveBatchSize + ")");
        int effectiveCommitEvery = commitEvery != null ? commitEvery
                : Math.max(PipelineConfig.DEFAULT_COMMIT_EVERY, effectiveBatchSize);

        SchemaChangePolicy schemaChanges = root.choice("schema_changes", SCHEMA_CHANGES);
        Integer parallelism = root.wholeNumber("parallelism", 1, PipelineConfig.MAX_PARALLELISM,
                "from 1 to " + PipelineConfig.MAX_PARALLELISM + " (streams run at once, each on connections of its own)");

        List<StreamConfig> streams = new StreamSection(problems, folder, references).read(root);
        ScheduleConfig schedule = new ScheduleSection(problems).read(root);
        NotificationConfig notifications = new NotifySection(problems).read(root);
        checkParallelWriters(root, parallelism, destination, connections);
        if (!problems.isEmpty()) {
            return null;
        }
        return new PipelineConfig(name, file, connections, source, destination, streams, effectiveBatchSize,
                effectiveCommitEvery, state, schemaChanges != null ? schemaChanges : PipelineConfig.DEFAULT_SCHEMA_CHANGES,
                schedule, notifications, parallelism != null ? parallelism : PipelineConfig.DEFAULT_PARALLELISM);
    }

    /**
     * SQLite takes one writer at a time: streams writing to one SQLite file at once would fail with
     * "database is locked" as soon as one holds its transaction longer than the others wait.
     */
    private static void checkParallelWriters(Fields root, Integer parallelism, String destination,
                                             Map<String, ConnectionConfig> connections) {
        ConnectionConfig target = destination == null ? null : connections.get(destination);
        if (parallelism == null || parallelism == 1 || target == null) {
            return;
        }
        boolean sqlite = target.type() != null ? target.type().equalsIgnoreCase("sqlite")
                : target.url() != null && target.url().startsWith("jdbc:sqlite:");
        if (sqlite) {
            root.problem("parallelism", "must be 1 when the destination (" + destination + ") is SQLite, which takes "
                    + "one writer at a time: streams writing at once would fail with 'database is locked'");
        }
    }

    private static String connectionName(Fields root, String key, ConnectionReferences references) {
        List<String> declared = references.declared();
        String name = root.requiredText(key, "is required: the name of a connection under connections"
                + (declared.isEmpty() ? "" : " (" + Suggestions.join(declared) + ")"));
        if (name == null) {
            return null;
        }
        String problem = references.problemWith(name);
        if (problem != null) {
            root.problem(key, problem);
            return null;
        }
        return name;
    }
}
