package dev.ferry.connectors.http;

import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every kind of paging reads from the first page to the last exactly once and stops, and a paging
 * that would loop or load a page twice fails instead: the complaints users of other tools file most
 * (first page skipped, paging that never ends, the last page loaded twice).
 */
class PagingTest {
    private static final Pattern NUMBER = Pattern.compile("[?&]%s=(\\d+)");

    @TempDir
    Path folder;
    @RegisterExtension
    final TestApi api = new TestApi();

    private Source source(String stream) {
        return ApiFixture.open(folder, api.url(), """
                provider: test
                streams:
                  items:
                %s
                    fields: {id: integer}
                """.formatted(stream.indent(4).stripTrailing()), Map.of());
    }

    private static String records(int from, int to) {
        StringBuilder json = new StringBuilder("[");
        for (int id = from; id <= to; id++) {
            json.append(id > from ? "," : "").append("{\"id\":").append(id).append('}');
        }
        return json.append(']').toString();
    }

    private static int param(TestApi.Call call, String name, int fallback) {
        Matcher matcher = Pattern.compile(NUMBER.pattern().formatted(name)).matcher(call.pathAndQuery());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : fallback;
    }

    @Test
    void aNextLinkInTheBodyIsFollowedFromTheFirstPageToTheLast() {
        api.answer(call -> {
            int page = param(call, "page", 1);
            String next = page < 3 ? "\"" + api.url() + "/items?page=" + (page + 1) + "\"" : "null";
            return TestApi.Answer.json("{\"results\":" + records(page * 10, page * 10 + 2) + ",\"links\":{\"next\":" + next + "}}");
        });
        Source source = source("""
                path: /items
                records: /results
                paginate: {type: next_link, pointer: /links/next}""");
        assertThat(ApiFixture.read(source, "items", new ApiFixture.Lines()).column(0))
                .containsExactly(10L, 11L, 12L, 20L, 21L, 22L, 30L, 31L, 32L);
        assertThat(api.calls()).extracting(TestApi.Call::pathAndQuery).containsExactly("/items", "/items?page=2", "/items?page=3");
    }

    @Test
    void aNextLinkThatComesBackFailsInsteadOfLooping() {
        api.answer(call -> {
            int page = param(call, "page", 1);
            // Page 3 points back at page 2.
            return TestApi.Answer.json("{\"results\":" + records(page, page) + ",\"next\":\"/items?page=" + (page == 3 ? 2 : page + 1) + "\"}");
        });
        Source source = source("""
                path: /items
                records: /results
                paginate: {type: next_link, pointer: /next}""");
        assertThatThrownBy(() -> ApiFixture.read(source, "items", new ApiFixture.Lines()))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("Stream items").hasMessageContaining("gave before").hasMessageContaining("page=2");
        assertThat(api.calls()).hasSize(3);
    }

    @Test
    void aCursorGoesBackInTheQueryOrInTheBodyUntilNoneComes() {
        api.answer(call -> {
            Matcher after = Pattern.compile("\"after\":\"(\\w+)\"").matcher(call.body());
            String token = after.find() ? after.group(1) : null;
            int page = token == null ? 1 : Integer.parseInt(token.substring(1));
            String next = page < 3 ? "{\"next\":{\"after\":\"p" + (page + 1) + "\"}}" : "{}";
            return TestApi.Answer.json("{\"results\":" + records(page, page) + ",\"paging\":" + next + "}");
        });
        Source source = source("""
                method: POST
                path: /search
                body: {limit: "2", filters: [{field: status, value: open}]}
                records: /results
                paginate: {type: cursor, pointer: /paging/next/after, body_field: after}""");
        assertThat(ApiFixture.read(source, "items", new ApiFixture.Lines()).column(0)).containsExactly(1L, 2L, 3L);
        assertThat(api.calls()).extracting(TestApi.Call::body).containsExactly(
                "{\"limit\":\"2\",\"filters\":[{\"field\":\"status\",\"value\":\"open\"}]}",
                "{\"limit\":\"2\",\"filters\":[{\"field\":\"status\",\"value\":\"open\"}],\"after\":\"p2\"}",
                "{\"limit\":\"2\",\"filters\":[{\"field\":\"status\",\"value\":\"open\"}],\"after\":\"p3\"}");
    }

    @Test
    void aCursorFromThePagesLastRecordGoesBackAsTheJsonItIsUntilAShortPage() {
        api.answer(call -> {
            Matcher after = Pattern.compile("\"searchAfter\":\\[(\\d+),\"c(\\d+)\"]").matcher(call.body());
            int from = after.find() ? Integer.parseInt(after.group(2)) + 1 : 1;
            StringBuilder page = new StringBuilder("{\"contacts\":[");
            for (int id = from; id < from + 2 && id <= 5; id++) {
                page.append(id > from ? "," : "").append("{\"id\":").append(id)
                        .append(",\"searchAfter\":[").append(1000 + id).append(",\"c").append(id).append("\"]}");
            }
            return TestApi.Answer.json(page.append("]}").toString());
        });
        Source source = source("""
                method: POST
                path: /contacts/search
                body: {pageLimit: 2}
                records: /contacts
                paginate: {type: cursor, pointer: /searchAfter, from_last_record: true, body_field: searchAfter, size: 2}""");
        assertThat(ApiFixture.read(source, "items", new ApiFixture.Lines()).column(0)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(api.calls()).extracting(TestApi.Call::body).containsExactly("{\"pageLimit\":2}",
                "{\"pageLimit\":2,\"searchAfter\":[1002,\"c2\"]}", "{\"pageLimit\":2,\"searchAfter\":[1004,\"c4\"]}");
    }

    @Test
    void offsetPagingStopsAtTheFirstShortPageWithoutAnotherCall() {
        api.answer(call -> {
            int offset = param(call, "offset", 0);
            int limit = param(call, "limit", 0);
            return TestApi.Answer.json("{\"data\":" + records(offset + 1, Math.min(offset + limit, 7)) + "}");
        });
        Source source = source("""
                path: /items
                records: /data
                paginate: {type: offset, limit: 3}""");
        assertThat(ApiFixture.read(source, "items", new ApiFixture.Lines()).column(0))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(api.calls()).extracting(TestApi.Call::pathAndQuery)
                .containsExactly("/items?offset=0&limit=3", "/items?offset=3&limit=3", "/items?offset=6&limit=3");
    }

    @Test
    void pageNumbersStopAtAnEmptyPageWhenTheLastWasFull() {
        api.answer(call -> {
            int page = param(call, "p", 0);
            return TestApi.Answer.json(page <= 2 ? "{\"items\":" + records(page * 2 - 1, page * 2) + "}" : "{\"items\":[]}");
        });
        Source source = source("""
                path: /items
                records: /items
                paginate: {type: page_number, page_param: p, first: 1, size_param: per_page, size: 2}""");
        assertThat(ApiFixture.read(source, "items", new ApiFixture.Lines()).column(0)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(api.calls()).extracting(TestApi.Call::pathAndQuery)
                .containsExactly("/items?p=1&per_page=2", "/items?p=2&per_page=2", "/items?p=3&per_page=2");
    }

    @Test
    void anApiThatIgnoresThePageParameterFailsOnTheRepeatedPageInsteadOfLoadingItTwice() {
        api.answer(call -> TestApi.Answer.json("{\"items\":" + records(1, 2) + "}"));
        Source source = source("""
                path: /items
                records: /items
                paginate: {type: page_number, size: 2}""");
        assertThatThrownBy(() -> ApiFixture.read(source, "items", new ApiFixture.Lines()))
                .hasMessageContaining("answered the same page as the call before it");
        assertThat(api.calls()).hasSize(2);
    }

    @Test
    void theLinkHeadersNextIsFollowed() {
        api.answer(call -> {
            int page = param(call, "page", 1);
            Map<String, String> headers = page < 2 ? Map.of("Link", "<" + api.url() + "/items?page=1>; rel=\"prev\", <"
                    + api.url() + "/items?page=" + (page + 1) + ">; rel=\"next\"") : Map.of();
            return new TestApi.Answer(200, headers, records(page * 5, page * 5));
        });
        Source source = source("""
                path: /items
                paginate: {type: link_header}""");
        assertThat(ApiFixture.read(source, "items", new ApiFixture.Lines()).column(0)).containsExactly(5L, 10L);
    }

    @Test
    void recordsAreFoundByAJsonPathAsByTheirJsonPointer() {
        api.answer(call -> TestApi.Answer.json("{\"payload\":{\"page\":[{\"rows\":" + records(1, 3) + "}]}}"));
        for (String path : List.of("/payload/page/0/rows", "$.payload.page[0].rows", "$['payload']['page'][0].rows[*]")) {
            Source source = source("""
                    path: /items
                    records: "%s"
                    """.formatted(path).stripTrailing());
            assertThat(ApiFixture.read(source, "items", new ApiFixture.Lines()).column(0)).as(path).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void recordsMissingFromTheAnswerFailNamingWhatTheAnswerHas() {
        api.answer(call -> TestApi.Answer.json("{\"rows\":[],\"total\":0}"));
        Source source = source("""
                path: /items
                records: /results""");
        assertThatThrownBy(() -> ApiFixture.read(source, "items", new ApiFixture.Lines()))
                .hasMessageContaining("nothing at /results").hasMessageContaining("rows, total");
    }
}
