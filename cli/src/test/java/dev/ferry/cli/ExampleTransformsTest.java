package dev.ferry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped transform examples, run as shipped: their SQL script, mapping files and pipeline, unchanged. */
class ExampleTransformsTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void patientCleaningWritesCleanPatientsAndEnrichedAppointments() throws Exception {
        Path example = copy("patient-cleaning");
        database(example, "clinic.sql", "clinic.db");

        Result preview = ferry("preview", example.resolve("pipeline.yml").toString(), "--stream", "pazienti");
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("telefono='+390612345678'").contains("codice_fiscale='QQQJJJ80A01Z999H'");

        Result run = ferry("run", example.resolve("pipeline.yml").toString());
        assertThat(run.code()).as(run.err() + run.out()).isZero();
        assertThat(rows(example.resolve("clean.db"), "SELECT id, nome, cognome, telefono, codice_fiscale, email, nascita, "
                + "operatore FROM pazienti ORDER BY id")).containsExactly(
                "1|Ada|Lovelace|+390612345678|QQQJJJ80A01Z999H|Ada@example.com|1980-01-01|op_rossi",
                "2|Bruno|Rossi|+393331234567|QQQJJJ80A41Z999L|bruno@example.org|1980-01-01|op_bianchi",
                "3|Carla|Verdi|+390287654321|null|null|1984-02-29|op_rossi");
        assertThat(rows(example.resolve("clean.db"), "SELECT count(DISTINCT row_hash), min(length(row_hash)) FROM pazienti"))
                .containsExactly("3|64");
        assertThat(rows(example.resolve("clean.db"), "SELECT id, calendar_id, operatore FROM appuntamenti ORDER BY id"))
                .containsExactly("10|cal_orthodontics|op_rossi", "11|cal_hygiene|op_bianchi", "12|cal_orthodontics|op_rossi");
        List<String> starts = rows(example.resolve("clean.db"), "SELECT inizio FROM appuntamenti ORDER BY id");
        // SQLite keeps the instant in UTC: 09:30 of summer time in Rome, 11:15 of winter time.
        assertThat(starts).containsExactly("2026-03-29 07:30:00+00:00", "2026-10-25 15:00:00+00:00",
                "2026-11-30 10:15:00+00:00");

        Result again = ferry("run", example.resolve("pipeline.yml").toString(), "--json");
        assertThat(again.code()).isZero();
        assertThat(again.out()).as("hash mode: nothing changed, nothing written").contains("\"unchanged\" : 3");
    }

    @Test
    void dealStagesAreMappedAndTrialsLeftOut() throws Exception {
        Path example = copy("deal-stages");
        database(example, "crm.sql", "crm.db");

        Result run = ferry("run", example.resolve("pipeline.yml").toString());
        assertThat(run.code()).as(run.err() + run.out()).isZero();
        assertThat(rows(example.resolve("hub.db"), "SELECT id, dealstage, status_code, label FROM deals ORDER BY id"))
                .containsExactly("1|FINISHED|FINISHED|Rinnovo licenze (FINISHED)",
                        "2|CANCELLED|AT_RISK|Nuovo studio (CANCELLED)",
                        "3|OPEN|ON_TIME|Manutenzione (OPEN)");
    }

    private Path copy(String name) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(EXAMPLES.resolve(name))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /** Runs the example's SQL script into a new SQLite database, as {@code sqlite3 db < script} would. */
    private static void database(Path example, String script, String database) throws Exception {
        String sql = Files.readString(example.resolve(script));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + example.resolve(database));
             Statement statement = connection.createStatement()) {
            for (String part : sql.split(";\\s*\\n")) {
                String withoutComments = part.lines().filter(line -> !line.strip().startsWith("--"))
                        .reduce("", (a, b) -> a + "\n" + b).strip();
                if (!withoutComments.isEmpty()) {
                    statement.execute(withoutComments);
                }
            }
        }
    }

    private static List<String> rows(Path database, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    values.add(String.valueOf(result.getString(i)));
                }
                rows.add(String.join("|", values));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
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
