package dev.ferry.connectors.http;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.DeletePolicy;
import dev.ferry.api.Destination;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.SchemaChangePolicy;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.StreamWriter;
import dev.ferry.api.WriteContext;
import dev.ferry.api.WriteCounts;
import dev.ferry.api.WriteMode;
import dev.ferry.api.WriteRequest;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Source;
import dev.ferry.testkit.saas.hubspot.FakeHubSpot;
import dev.ferry.testkit.saas.hubspot.HubSpotObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HubSpot provider against the fake written from HubSpot's documentation: deals read through
 * search by last-modified time with OAuth, every one once, past the 10,000-result cap of one query;
 * an incremental read resumes from the last time; the account's limits kept.
 */
class HubSpotTest {
    private FakeHubSpot fake;

    @BeforeEach
    void start() {
        fake = FakeHubSpot.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Source source(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of("client_id", fake.clientId(), "client_secret", fake.clientSecret(),
                "refresh_token", fake.refreshToken(), "token_url", fake.baseUrl() + "/oauth/v3/token", "retry_backoff", "50ms"));
        properties.putAll(extra);
        return new HttpConnectorFactory().openSource(new ConnectionSpec("crm", "hubspot", fake.baseUrl(), null, null, properties));
    }

    @Test
    void dealsAreReadOncePastTheCapOfOneQueryAndAnIncrementalReadResumesFromTheLastTime() {
        // 10,250 deals: more than one search query answers, so the read asks again from the last time.
        List<HubSpotObject> deals = fake.generate("deals", 10_250);
        fake.setRateLimits(110, java.time.Duration.ofSeconds(10), 500_000, 1_000, true);
        Source source = source(Map.of("rate_limit", "1000/1s"));
        ApiFixture.Read read = ApiFixture.readFrom(source, "deals", "updatedAt", null, 2000, new ApiFixture.Lines());
        List<Object> ids = read.column(0);
        assertThat(new java.util.HashSet<>(ids)).as("every deal, none lost at the cap")
                .containsExactlyInAnyOrderElementsOf(deals.stream().map(HubSpotObject::id).toList());
        assertThat(ids.size() - new java.util.HashSet<>(ids).size()).as("only the boundary's deals read twice").isLessThanOrEqualTo(1);
        Object[] first = read.rows().getFirst();
        assertThat(first[2]).isEqualTo(new BigDecimal(deals.getFirst().properties().get("amount")));
        assertThat(read.batches().getLast().checkpoint()).isEqualTo(new Checkpoint.CursorValue("updatedAt",
                ColumnType.TIMESTAMP_TZ, OffsetDateTime.ofInstant(deals.getLast().updatedAt(), ZoneOffset.UTC)));
        assertThat(fake.violations()).isZero();

        HubSpotObject changed = fake.modify("deals", deals.get(42).id(), Map.of("dealstage", "closedwon"));
        ApiFixture.Read next = ApiFixture.readFrom(source, "deals", "updatedAt", read.batches().getLast().checkpoint(), 2000,
                new ApiFixture.Lines());
        assertThat(next.column(0)).as("what changed since, and the last deal of the first read again").contains(changed.id())
                .hasSizeLessThanOrEqualTo(2);
        assertThat(next.rows().stream().filter(row -> row[0].equals(changed.id())).findFirst().orElseThrow()[3])
                .isEqualTo("closedwon");
    }

    @Test
    void contactsAreUpsertedAHundredACallByEmailAndTheKeyMapKeepsTheirIds() {
        GoHighLevelTest.MemoryKeys keys = new GoHighLevelTest.MemoryKeys();
        ApiFixture.Lines log = new ApiFixture.Lines();
        StreamSchema schema = new StreamSchema("contacts", List.of(Column.of("patientId", ColumnType.BIGINT),
                Column.of("email", ColumnType.TEXT), Column.of("firstname", ColumnType.TEXT)), List.of("patientId"));
        Map<String, String> properties = new HashMap<>(Map.of("client_id", fake.clientId(), "client_secret", fake.clientSecret(),
                "refresh_token", fake.refreshToken(), "token_url", fake.baseUrl() + "/oauth/v3/token"));
        Destination hubspot = new HttpConnectorFactory().openDestination(new ConnectionSpec("crm", "hubspot", fake.baseUrl(),
                null, null, properties));
        List<ChangeRecord> records = new ArrayList<>();
        for (long id = 1; id <= 250; id++) {
            records.add(ChangeRecord.upsert(new Object[]{id, "Paziente" + id + "@Example.it", "Nome" + id}));
        }
        WriteCounts first;
        try (StreamWriter writer = hubspot.open(new WriteRequest("contacts", schema, WriteMode.UPSERT, DeletePolicy.NONE,
                SchemaChangePolicy.FAIL), new WriteContext(log, keys))) {
            writer.write(new RecordBatch(records, null));
            first = writer.commit();
        }
        assertThat(first).isEqualTo(new WriteCounts(250, 0, 0, 0));
        assertThat(fake.objects("contacts")).hasSize(250);
        assertThat(fake.requests().stream().filter(request -> request.path().endsWith("/batch/upsert"))).hasSize(3);
        String id7 = keys.remoteId("contacts", "7");
        assertThat(fake.object("contacts", id7).properties()).containsEntry("firstname", "Nome7");

        WriteCounts again;
        try (StreamWriter writer = hubspot.open(new WriteRequest("contacts", schema, WriteMode.UPSERT, DeletePolicy.NONE,
                SchemaChangePolicy.FAIL), new WriteContext(log, keys))) {
            writer.write(new RecordBatch(List.of(ChangeRecord.upsert(new Object[]{7L, "paziente7@example.it", "Giulia"})), null));
            again = writer.commit();
        }
        assertThat(again).isEqualTo(new WriteCounts(0, 1, 0, 0));
        assertThat(fake.objects("contacts")).hasSize(250);
        assertThat(fake.object("contacts", id7).properties()).containsEntry("firstname", "Giulia");
    }

    @Test
    void theSearchLimitOfFiveASecondIsKept() {
        fake.generate("contacts", 1_200);
        Source source = source(Map.of());
        assertThat(ApiFixture.readFrom(source, "contacts", "updatedAt", null, 5000, new ApiFixture.Lines()).rows()).hasSize(1_200);
        assertThat(fake.violations()).as("6 searches at 5 a second").isZero();
    }
}
