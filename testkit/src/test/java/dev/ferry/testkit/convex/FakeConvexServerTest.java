package dev.ferry.testkit.convex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeConvexServerTest {

    @TempDir
    Path dir;

    @Test
    void theInfoFileHoldsUrlKeyAndTheChecksumOfTheStoredDocuments() throws Exception {
        Path info = dir.resolve("fake.info");
        FakeConvexServer.Options options = FakeConvexServer.Options.parse(
                new String[] {"--info", info.toString(), "--generate", "poles:2500", "--index-not-ready-polls", "0"});
        try (FakeConvex fake = FakeConvexServer.start(options)) {
            Map<String, String> values = Files.readAllLines(info).stream()
                    .map(line -> line.split("=", 2))
                    .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
            assertThat(values).containsEntry("FAKE_CONVEX_URL", fake.url())
                    .containsEntry("FAKE_CONVEX_DEPLOY_KEY", "'" + fake.deployKey() + "'");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(info))).isEqualTo("rw-------");

            List<StoredDocument> documents = fake.documents("poles");
            assertThat(documents).hasSize(2500);
            assertThat(values).containsEntry("FAKE_CONVEX_CHECKSUM", checksumOfStored(documents));
            assertThat(documents).anySatisfy(document -> assertThat(document.fields().fields()).doesNotContainKey("notes"));
            assertThat(documents).anySatisfy(document -> assertThat(document.fields().fields()).containsKey("notes"));
        }
    }

    @Test
    void theCountsQueryAnswersTheLiveDocumentsOfEveryTable() throws Exception {
        FakeConvexServer.Options options = FakeConvexServer.Options.parse(
                new String[] {"--info", dir.resolve("fake.info").toString(), "--generate", "poles:30"});
        try (FakeConvex fake = FakeConvexServer.start(options)) {
            fake.insert("drops", ConvexValue.object("drop", ConvexValue.string("DR1")));
            fake.delete("poles", fake.documents("poles").getFirst().id());

            ConvexHttp.Response response = new ConvexHttp(fake.url(), null).send("POST", "/api/query",
                    Map.of("path", FakeConvexServer.COUNTS_QUERY, "args", Map.of(), "format", "json"));

            assertThat(response.body().path("status").asText()).isEqualTo("success");
            assertThat(response.body().path("value").path("poles").asDouble()).isEqualTo(29);
            assertThat(response.body().path("value").path("drops").asDouble()).isEqualTo(1);
        }
    }

    @Test
    void optionsWithoutAnInfoFileAreRefused() {
        assertThatThrownBy(() -> FakeConvexServer.Options.parse(new String[] {"--generate", "poles:10"}))
                .hasMessageContaining("--info FILE is required");
        assertThatThrownBy(() -> FakeConvexServer.Options.parse(new String[] {"--info", "x", "--generate", "poles"}))
                .hasMessageContaining("TABLE:COUNT");
    }

    /** The checksum's text, rebuilt from the documents as the fake stores them (not from the generator). */
    private static String checksumOfStored(List<StoredDocument> documents) throws Exception {
        List<String> lines = documents.stream()
                .map(document -> document.fields().fields())
                .sorted(Comparator.comparingLong(fields -> ((ConvexValue.Int64) fields.get("seq")).value()))
                .map(FakeConvexServerTest::line)
                .toList();
        byte[] digest = MessageDigest.getInstance("MD5").digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private static String line(Map<String, ConvexValue> fields) {
        ConvexValue.Obj location = (ConvexValue.Obj) fields.get("location");
        ConvexValue notes = fields.get("notes");
        return ((ConvexValue.Int64) fields.get("seq")).value() + "|" + text(fields.get("pole_number")) + "|"
                + text(fields.get("status")) + "|" + Math.round(((ConvexValue.Float64) fields.get("height_m")).value() * 100) + "|"
                + ((ConvexValue.Int64) fields.get("install_count")).value() + "|"
                + (((ConvexValue.Bool) fields.get("verified")).value() ? "t" : "f") + "|"
                + text(location.fields().get("zone")) + "|" + (notes == null ? "<null>" : text(notes));
    }

    private static String text(ConvexValue value) {
        return ((ConvexValue.Str) value).value();
    }
}
