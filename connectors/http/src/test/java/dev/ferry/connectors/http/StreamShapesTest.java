package dev.ferry.connectors.http;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RecordBatch;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.Source;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Child streams, date windows, incremental reads, and values that arrive exactly or fail their row. */
class StreamShapesTest {
    @TempDir
    Path folder;
    @RegisterExtension
    final TestApi api = new TestApi();

    @Test
    void aChildStreamCallsOncePerParentWithAValueSkipsA403LoggedAndCopiesTheParentsKey() {
        api.answer(call -> switch (call.pathAndQuery()) {
            case "/appointments" -> TestApi.Answer.json("{\"data\":[{\"id\":1,\"plan\":7},{\"id\":2,\"plan\":null},"
                    + "{\"id\":3,\"plan\":8},{\"id\":4,\"plan\":9}]}");
            case "/plans/7" -> TestApi.Answer.json("{\"data\":{\"id\":7,\"code\":\"ORT\"}}");
            case "/plans/8" -> TestApi.Answer.status(403, "{\"error\":\"no access to plan 8\"}");
            case "/plans/9" -> TestApi.Answer.json("{\"data\":{\"id\":9,\"code\":\"IMP\"}}");
            default -> TestApi.Answer.status(404, "{}");
        });
        Source source = ApiFixture.open(folder, api.url(), """
                provider: test
                streams:
                  appointments:
                    path: /appointments
                    records: /data
                    key: id
                    fields: {id: integer, plan: integer}
                  plans:
                    parent: {stream: appointments, requires: plan, copy: {appointmentId: id}}
                    path: /plans/{{parent.plan}}
                    records: /data
                    key: appointmentId
                    on_status: {403: skip}
                    fields: {id: integer, code: text}
                """, Map.of());
        ApiFixture.Lines log = new ApiFixture.Lines();
        ApiFixture.Read read = ApiFixture.read(source, "plans", log);
        assertThat(read.rows()).containsExactly(new Object[]{1L, 7L, "ORT"}, new Object[]{4L, 9L, "IMP"});
        assertThat(source.describe(StreamRef.ofObject("plans", "plans"), List.of()).columnNames())
                .containsExactly("appointmentId", "id", "code");
        assertThat(api.calls()).extracting(TestApi.Call::pathAndQuery)
                .containsExactly("/appointments", "/plans/7", "/plans/8", "/plans/9");
        assertThat(log.lines).singleElement().asString().contains("skipped, as on_status says for 403")
                .contains("/plans/8 answered 403").contains("no access to plan 8");
    }

    @Test
    void dateWindowsCoverTheRangeInSpansOfTheirDaysBothEndsIncluded() {
        api.answer(call -> TestApi.Answer.json("{\"data\":[]}"));
        Source source = ApiFixture.open(folder, api.url(), """
                provider: test
                settings:
                  from: {default: "2024-01-01"}
                streams:
                  visits:
                    path: /visits
                    records: /data
                    windows: {start_param: dateStart, end_param: dateEnd, days: 30, from: "{{config.from}}", to: "2024-03-05"}
                    fields: {id: integer}
                """, Map.of());
        ApiFixture.read(source, "visits", new ApiFixture.Lines());
        assertThat(api.calls()).extracting(TestApi.Call::pathAndQuery).containsExactly(
                "/visits?dateStart=2024-01-01&dateEnd=2024-01-30",
                "/visits?dateStart=2024-01-31&dateEnd=2024-02-29",
                "/visits?dateStart=2024-03-01&dateEnd=2024-03-05");
    }

    @Test
    void anIncrementalReadSendsTheValueReachedPassesOnlyLaterRecordsAndCheckpointsAtItsEnd() {
        api.answer(call -> TestApi.Answer.json("{\"results\":[{\"id\":1,\"updated\":\"2024-05-01T10:00:00Z\"},"
                + "{\"id\":2,\"updated\":\"2024-05-03T08:00:00Z\"},{\"id\":3,\"updated\":\"2024-04-30T23:00:00Z\"},"
                + "{\"id\":4,\"updated\":\"2024-05-02T00:00:00Z\"}]}"));
        Source source = ApiFixture.open(folder, api.url(), """
                provider: test
                streams:
                  deals:
                    path: /deals
                    records: /results
                    key: id
                    incremental: {field: updated, param: updatedSince}
                    fields: {id: integer, updated: timestamptz}
                """, Map.of());
        OffsetDateTime since = OffsetDateTime.parse("2024-05-01T10:00:00Z");
        ApiFixture.Read read = ApiFixture.readFrom(source, "deals", "updated",
                new Checkpoint.CursorValue("updated", ColumnType.TIMESTAMP_TZ, since), 2, new ApiFixture.Lines());
        assertThat(api.calls().getFirst().pathAndQuery()).isEqualTo("/deals?updatedSince=2024-05-01T10%3A00Z");
        assertThat(read.column(0)).as("the record before the value reached is not passed on").containsExactly(1L, 2L, 4L);
        List<RecordBatch> batches = read.batches();
        assertThat(batches).extracting(RecordBatch::size).containsExactly(2, 1, 0);
        assertThat(batches.subList(0, 2)).allSatisfy(batch -> assertThat(batch.checkpoint())
                .as("unsorted answers checkpoint only at the end").isNull());
        assertThat(batches.getLast().checkpoint()).isEqualTo(new Checkpoint.CursorValue("updated", ColumnType.TIMESTAMP_TZ,
                OffsetDateTime.parse("2024-05-03T08:00:00Z")));
    }

    @Test
    void anApiThatAnswersInCursorOrderCheckpointsEveryBatch() {
        api.answer(call -> TestApi.Answer.json("{\"results\":[{\"id\":1,\"v\":10},{\"id\":2,\"v\":20},{\"id\":3,\"v\":30}]}"));
        Source source = ApiFixture.open(folder, api.url(), """
                provider: test
                streams:
                  rows:
                    path: /rows
                    records: /results
                    incremental: {field: v, param: after, sorted: true}
                    fields: {id: integer, v: integer}
                """, Map.of());
        ApiFixture.Read read = ApiFixture.readFrom(source, "rows", "v", null, 2, new ApiFixture.Lines());
        assertThat(api.calls().getFirst().pathAndQuery()).as("a first read sends no value").isEqualTo("/rows");
        assertThat(read.batches()).extracting(RecordBatch::checkpoint).containsExactly(
                new Checkpoint.CursorValue("v", ColumnType.BIGINT, 20L), new Checkpoint.CursorValue("v", ColumnType.BIGINT, 30L));
    }

    @Test
    void withSyncChangesAChildStreamKeepsAPositionPerParentSoANewParentIsReadFromItsBeginning() {
        java.util.List<String> projects = new java.util.concurrent.CopyOnWriteArrayList<>(List.of("1", "2"));
        Map<String, List<String>> issues = Map.of(
                "1", List.of("2024-03-01T10:00:00Z", "2024-03-05T10:00:00Z"),
                "2", List.of("2024-02-01T10:00:00Z"),
                "3", List.of("2023-12-24T10:00:00Z"));
        api.answer(call -> {
            if (call.pathAndQuery().equals("/projects")) {
                return TestApi.Answer.json("{\"data\":[" + String.join(",", projects.stream().map(id -> "{\"id\":" + id + "}").toList()) + "]}");
            }
            Matcher path = Pattern.compile("/projects/(\\d)/issues(?:\\?since=(.*))?").matcher(call.pathAndQuery());
            assertThat(path.matches()).as(call.pathAndQuery()).isTrue();
            String since = path.group(2) == null ? null : java.net.URLDecoder.decode(path.group(2), java.nio.charset.StandardCharsets.UTF_8);
            List<String> answered = issues.get(path.group(1)).stream()
                    .filter(at -> since == null || OffsetDateTime.parse(at).compareTo(OffsetDateTime.parse(since)) >= 0).toList();
            return TestApi.Answer.json("{\"data\":[" + String.join(",", answered.stream()
                    .map(at -> "{\"project\":" + path.group(1) + ",\"updated\":\"" + at + "\"}").toList()) + "]}");
        });
        Source source = ApiFixture.open(folder, api.url(), """
                provider: test
                streams:
                  projects: {path: /projects, records: /data, key: id, fields: {id: integer}}
                  issues:
                    parent: {stream: projects}
                    path: /projects/{{parent.id}}/issues
                    records: /data
                    incremental: {field: updated, param: since}
                    fields: {project: integer, updated: timestamptz}
                """, Map.of());
        assertThat(source.readsChanges()).isTrue();
        ApiFixture.Read first = ApiFixture.readFrom(source, "issues", null, null, 100, new ApiFixture.Lines());
        assertThat(first.rows()).hasSize(3);
        Checkpoint reached = first.batches().getLast().checkpoint();
        assertThat(reached).isEqualTo(new Checkpoint.LogPosition(
                "{\"parents\":{\"1\":\"2024-03-05T10:00Z\",\"2\":\"2024-02-01T10:00Z\"}}"));

        projects.add("3");
        ApiFixture.Read second = ApiFixture.readFrom(source, "issues", null, reached, 100, new ApiFixture.Lines());
        assertThat(api.calls().subList(3, api.calls().size())).extracting(TestApi.Call::pathAndQuery).containsExactly(
                "/projects", "/projects/1/issues?since=2024-03-05T10%3A00Z", "/projects/2/issues?since=2024-02-01T10%3A00Z",
                "/projects/3/issues");
        assertThat(second.column(0)).as("the new project's old issue is read").containsExactly(1L, 2L, 3L);
        assertThat(second.batches().getLast().checkpoint()).isEqualTo(new Checkpoint.LogPosition(
                "{\"parents\":{\"1\":\"2024-03-05T10:00Z\",\"2\":\"2024-02-01T10:00Z\",\"3\":\"2023-12-24T10:00Z\"}}"));
    }

    @Test
    void valuesArriveExactlyAndOneThatCannotFailsItsRowNamingStreamColumnAndKey() {
        api.answer(call -> TestApi.Answer.json("""
                {"data":[{"id":"1","price":12.30,"big":123456789012345678901234567890.5,"on":"2024-02-29","meta":{"a":[1,2]}},
                         {"id":2,"price":"0.1","big":1,"on":"2024-03-01","meta":null},
                         {"id":3,"price":1,"big":2,"on":"01/03/2024","meta":"x"}]}"""));
        Source source = ApiFixture.open(folder, api.url(), """
                provider: test
                streams:
                  things:
                    path: /things
                    records: /data
                    key: id
                    fields: {id: integer, price: decimal, big: decimal, on: date, meta: json}
                """, Map.of());
        assertThatThrownBy(() -> ApiFixture.read(source, "things", new ApiFixture.Lines()))
                .isInstanceOf(RejectedValueException.class)
                .hasMessage("table things, column on, row id=3: \"01/03/2024\" is not a date as yyyy-MM-dd");
        api.answer(call -> TestApi.Answer.json("""
                {"data":[{"id":"1","price":12.30,"big":123456789012345678901234567890.5,"on":"2024-02-29","meta":{"a":[1,2]}},
                         {"id":2,"price":"0.1","big":1,"on":"2024-03-01","meta":null}]}"""));
        List<Object[]> rows = ApiFixture.read(source, "things", new ApiFixture.Lines()).rows();
        assertThat(rows.get(0)).containsExactly(1L, new BigDecimal("12.30"), new BigDecimal("123456789012345678901234567890.5"),
                LocalDate.of(2024, 2, 29), "{\"a\":[1,2]}");
        assertThat(rows.get(1)).containsExactly(2L, new BigDecimal("0.1"), BigDecimal.ONE, LocalDate.of(2024, 3, 1), null);
    }

    @Test
    void aStreamWithoutDeclaredFieldsGetsThemFromItsFirstRecords() {
        api.answer(call -> TestApi.Answer.json("""
                {"items":[{"id":1,"name":"a","score":1,"tags":["x"],"active":true,"note":null},
                          {"id":2,"name":"b","score":2.5,"tags":[],"active":false,"note":null,"extra":"later"}]}"""));
        Source source = ApiFixture.open(folder, api.url(), """
                provider: test
                streams:
                  items: {path: /items, records: /items, key: id}
                """, Map.of());
        StreamSchema schema = source.describe(StreamRef.ofObject("items", "items"), List.of());
        assertThat(schema.columns()).extracting(column -> column.name() + ":" + column.type()).containsExactly(
                "id:BIGINT", "name:TEXT", "score:DECIMAL", "tags:JSON", "active:BOOLEAN", "note:TEXT", "extra:TEXT");
        assertThat(schema.keyColumns()).containsExactly("id");
        assertThat(ApiFixture.read(source, "items", new ApiFixture.Lines()).rows().get(1))
                .containsExactly(2L, "b", new BigDecimal("2.5"), "[]", false, null, "later");
    }

    @Test
    void secretsInAQueryParameterNeverReachTheLog() {
        Pattern key = Pattern.compile("key=([^&]+)");
        api.answer(call -> {
            Matcher matcher = key.matcher(call.pathAndQuery());
            return TestApi.Answer.status(404, "{\"error\":\"unknown item for key " + (matcher.find() ? matcher.group(1) : "") + "\"}");
        });
        Source source = ApiFixture.open(folder, api.url(), """
                provider: test
                settings:
                  token: {required: true, secret: true}
                auth: {type: api_key, query_param: key, value: "{{config.token}}"}
                streams:
                  items: {path: /items, records: /items, on_status: {404: skip}, fields: {id: integer}}
                """, Map.of("token", "qk-123456789"));
        ApiFixture.Lines log = new ApiFixture.Lines();
        assertThat(ApiFixture.read(source, "items", log).rows()).isEmpty();
        assertThat(api.calls().getFirst().pathAndQuery()).isEqualTo("/items?key=qk-123456789");
        assertThat(log.all()).contains("answered 404").contains("unknown item for key ****").doesNotContain("qk-123456789");
    }
}
