package dev.ferry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A stream's transforms from the command line: preview, a run that writes what they give, and a refused value. */
class TransformsCliTest {
    @TempDir
    Path dir;

    private static final String PIPELINE = """
            pipeline: patients
            connections:
              clinic: {url: "jdbc:sqlite:clinic.db"}
              warehouse: {url: "jdbc:sqlite:warehouse.db"}
            source: clinic
            destination: warehouse
            state: {url: "jdbc:sqlite:state.db"}
            streams:
              - table: patients
                transforms:
                  - phone: {column: telefono, region: IT}
                  - tax_code: codice_fiscale
                  - email: email
                  - lookup: {column: operatore, file: operators.json, field: id}
            """;

    @Test
    void previewShowsEachRowBesideItsTransformedRowAndRunWritesThem() throws Exception {
        clinic("('06 1234 5678', 'qqqjjj80a01z999h', ' Ada@Example.COM', 'rossi')",
                "('+39 333 123 4567', 'QQQJJJ80A41Z999L', 'bo@example.org', 'bianchi')");
        Path pipeline = pipeline();

        Result preview = ferry("preview", pipeline.toString(), "--stream", "patients", "--limit", "5");
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("row 1")
                .contains("read   id=1, telefono='06 1234 5678', codice_fiscale='qqqjjj80a01z999h'")
                .contains("write  id=1, telefono='+390612345678', codice_fiscale='QQQJJJ80A01Z999H', email='Ada@example.com', operatore=7");
        assertThat(Files.exists(dir.resolve("warehouse.db"))).as("a preview writes nothing").isFalse();

        Result run = ferry("run", pipeline.toString());
        assertThat(run.code()).as(run.err() + run.out()).isZero();
        assertThat(rows("warehouse.db", "SELECT id, telefono, codice_fiscale, email, operatore FROM patients ORDER BY id"))
                .containsExactly("1|+390612345678|QQQJJJ80A01Z999H|Ada@example.com|7",
                        "2|+393331234567|QQQJJJ80A41Z999L|bo@example.org|9");
    }

    @Test
    void aValueATransformRefusesFailsTheRunNamingTableColumnAndKeyAndThePreviewShowsIt() throws Exception {
        clinic("('06 1234 5678', 'QQQJJJ80A01Z999H', 'a@example.com', 'rossi')",
                "('06 1234 5678', 'QQQJJJ80A01Z999X', 'b@example.com', 'rossi')");
        Path pipeline = pipeline();

        Result preview = ferry("preview", pipeline.toString(), "--stream", "patients");
        assertThat(preview.code()).as("a row with errors exits 1").isEqualTo(1);
        assertThat(preview.out()).contains("row 2").contains("error").contains("codice_fiscale").contains("id=2");

        Result run = ferry("run", pipeline.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err() + run.out()).contains("patients").contains("codice_fiscale").contains("id=2");
    }

    private Path pipeline() throws Exception {
        Files.writeString(dir.resolve("operators.json"), "{\"rossi\": {\"id\": 7}, \"bianchi\": {\"id\": 9}}");
        return Files.writeString(dir.resolve("pipeline.yml"), PIPELINE);
    }

    private void clinic(String... values) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("clinic.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, telefono TEXT, codice_fiscale TEXT, "
                    + "email TEXT, operatore TEXT)");
            statement.execute("INSERT INTO patients (telefono, codice_fiscale, email, operatore) VALUES "
                    + String.join(", ", values));
        }
    }

    private List<String> rows(String database, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(database));
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result ferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ferry.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
