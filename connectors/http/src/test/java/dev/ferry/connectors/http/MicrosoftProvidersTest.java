package dev.ferry.connectors.http;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.SchemaChangePolicy;
import dev.ferry.api.Source;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteContext;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import dev.ferry.testkit.saas.Fault;
import dev.ferry.testkit.saas.planner.FakePlanner;
import dev.ferry.testkit.saas.planner.PlannerTask;
import dev.ferry.testkit.saas.powerbi.FakePowerBi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Power BI and Planner against the fakes written from Microsoft's documentation, signed in by
 * client credentials at a token endpoint standing in for Microsoft Entra ID: a DAX query's rows, a
 * result cut at the row limit failing the read, rows pushed 10,000 a call, Planner tasks paged by
 * {@code @odata.nextLink}, and task changes at their current version through a 412.
 */
class MicrosoftProvidersTest {
    /** Entra ID's token endpoint, as a test server. */
    @RegisterExtension
    final TestApi entra = new TestApi();
    private final GoHighLevelTest.MemoryKeys keys = new GoHighLevelTest.MemoryKeys();
    private final ApiFixture.Lines log = new ApiFixture.Lines();

    /** Entra ID's token endpoint, giving {@code token} for the client credentials of {@code scope}. */
    private void issue(String token, String scope) {
        entra.answer(call -> {
            assertThat(call.pathAndQuery()).isEqualTo("/tenant-1/oauth2/v2.0/token");
            assertThat(call.body()).contains("grant_type=client_credentials").contains("scope="
                    + java.net.URLEncoder.encode(scope, java.nio.charset.StandardCharsets.UTF_8));
            return TestApi.Answer.json("{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
        });
    }

    private Map<String, String> entraProperties(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of("tenant_id", "tenant-1", "client_id", "ferry",
                "client_secret", "entra-secret-1", "login_url", entra.url(), "retry_backoff", "50ms"));
        properties.putAll(extra);
        return properties;
    }

    @Test
    void powerBiQueryRowsAreReadAndAResultCutAtTheRowLimitFailsTheRead() {
        try (FakePowerBi powerBi = FakePowerBi.start()) {
            issue(powerBi.accessToken(), "https://analysis.windows.net/powerbi/api/.default");
            powerBi.addDataset(null, "sales-ds");
            powerBi.generateTable("sales-ds", "Sales", 40);
            Source source = new HttpConnectorFactory().openSource(new ConnectionSpec("bi", "powerbi", powerBi.baseUrl() + "/v1.0/myorg",
                    null, null, entraProperties(Map.of("dataset_id", "sales-ds", "query", "EVALUATE 'Sales'"))));
            assertThat(source.describe(StreamRef.ofObject("query", "query"), List.of()).columnNames())
                    .containsExactly("Sales[Id]", "Sales[Name]", "Sales[ModifiedAt]");
            ApiFixture.Read read = ApiFixture.read(source, "query", log);
            assertThat(read.column(0)).hasSize(40).startsWith(1L, 2L).endsWith(40L);

            powerBi.setLimits(25, 1_000_000, 120, 10_000, 120, 1_000_000);
            Source capped = new HttpConnectorFactory().openSource(new ConnectionSpec("bi", "powerbi", powerBi.baseUrl() + "/v1.0/myorg",
                    null, null, entraProperties(Map.of("dataset_id", "sales-ds", "query", "EVALUATE 'Sales'"))));
            assertThatThrownBy(() -> ApiFixture.read(capped, "query", log)).isInstanceOf(FerryException.class)
                    .hasMessageContaining("says it failed at /results/0/tables/0/error");
        }
    }

    @Test
    void rowsArePushedTenThousandACallAndAnOverwriteEmptiesTheTableFirst() {
        try (FakePowerBi powerBi = FakePowerBi.start()) {
            issue(powerBi.accessToken(), "https://analysis.windows.net/powerbi/api/.default");
            powerBi.addPushDataset(null, "push-ds", "Visits");
            Destination destination = new HttpConnectorFactory().openDestination(new ConnectionSpec("bi", "powerbi",
                    powerBi.baseUrl() + "/v1.0/myorg", null, null, entraProperties(Map.of("push_dataset_id", "push-ds"))));
            StreamSchema schema = new StreamSchema("Visits", List.of(Column.of("Id", ColumnType.BIGINT),
                    Column.of("Clinic", ColumnType.TEXT), Column.of("Amount", ColumnType.DECIMAL)), List.of());
            List<ChangeRecord> rows = new ArrayList<>();
            for (long id = 1; id <= 25_000; id++) {
                rows.add(ChangeRecord.upsert(new Object[]{id, "Roma", new java.math.BigDecimal("12.50")}));
            }
            for (int run = 1; run <= 2; run++) {
                try (StreamWriter writer = destination.open(new WriteRequest("Visits", schema, WriteMode.OVERWRITE,
                        DeletePolicy.NONE, SchemaChangePolicy.FAIL), new WriteContext(log, keys))) {
                    writer.write(new RecordBatch(rows, null));
                    assertThat(writer.commit()).isEqualTo(new WriteCounts(25_000, 0, 0, 0));
                }
                assertThat(powerBi.rows("push-ds", "Visits")).as("run %d", run).hasSize(25_000);
            }
            assertThat(powerBi.rows("push-ds", "Visits").getFirst()).containsEntry("Clinic", "Roma");
            assertThat(powerBi.requests().stream().filter(request -> request.method().equals("POST"))).hasSize(6);
            assertThat(powerBi.violations()).isZero();
            assertThatThrownBy(() -> destination.open(new WriteRequest("Visits", new StreamSchema("Visits", schema.columns(),
                    List.of("Id")), WriteMode.UPSERT, DeletePolicy.NONE, SchemaChangePolicy.FAIL), new WriteContext(log, keys)))
                    .hasMessageContaining("use write: overwrite");
        }
    }

    @Test
    void plannerTasksArePagedAndChangedAtTheirCurrentVersionThroughA412() {
        try (FakePlanner planner = FakePlanner.start()) {
            issue(planner.accessToken(), "https://graph.microsoft.com/.default");
            planner.setPageSize(10);
            planner.generateTasks(planner.planId(), 25);
            Map<String, String> properties = entraProperties(Map.of("plan_id", planner.planId()));
            Source source = new HttpConnectorFactory().openSource(new ConnectionSpec("planner", "planner",
                    planner.baseUrl() + "/v1.0", null, null, properties));
            planner.throttle(1, java.time.Duration.ofSeconds(1));
            assertThat(ApiFixture.read(source, "tasks", log).column(0)).hasSize(25).doesNotHaveDuplicates();
            assertThat(log.all()).as("Graph's throttling waited out").contains("answered 429").contains("retry-after: 1");

            Destination destination = new HttpConnectorFactory().openDestination(new ConnectionSpec("planner", "planner",
                    planner.baseUrl() + "/v1.0", null, null, properties));
            StreamSchema schema = new StreamSchema("tasks", List.of(Column.of("ticket", ColumnType.BIGINT),
                    Column.of("title", ColumnType.TEXT), Column.of("percentComplete", ColumnType.BIGINT)), List.of("ticket"));
            write(destination, schema, ChangeRecord.upsert(new Object[]{9L, "Call the lab", 0L}));
            String id = keys.remoteId("tasks", "9");
            assertThat(planner.task(id).title()).isEqualTo("Call the lab");

            // Someone else changed the task between Ferry's read of its version and its change.
            planner.injectFault(Fault.status(412).on("PATCH", "/v1.0/planner/tasks/{taskId}"));
            write(destination, schema, ChangeRecord.upsert(new Object[]{9L, "Call the lab", 50L}));
            PlannerTask changed = planner.task(id);
            assertThat(changed.percentComplete()).isEqualTo(50);
            assertThat(log.all()).contains("changed at the API since its version was read (412)");

            write(destination, schema, ChangeRecord.delete(new Object[]{9L, null, null}));
            assertThat(planner.task(id)).isNull();
            assertThat(planner.requests().stream().filter(request -> !request.method().equals("GET") && !request.method().equals("POST")))
                    .allSatisfy(request -> assertThat(request.headers().get("if-match")).isNotNull());
        }
    }

    private void write(Destination destination, StreamSchema schema, ChangeRecord record) {
        try (StreamWriter writer = destination.open(new WriteRequest("tasks", schema, WriteMode.UPSERT, DeletePolicy.NONE,
                SchemaChangePolicy.FAIL), new WriteContext(log, keys))) {
            writer.write(new RecordBatch(List.of(record), null));
            writer.commit();
        }
    }
}
