package dev.ferry.engine.transform.lookup;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.BoundRowTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LookupColumns}: columns added from the mapped object, missing keys by policy, clashes refused. */
class LookupColumnsTest {
    private static final StreamSchema APPOINTMENTS = new StreamSchema("appointments", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0),
            new Column("branch", ColumnType.STRING, true, 0, 0)), List.of("id"));

    @TempDir
    Path dir;

    private MappingSource calendars() throws IOException {
        Path path = dir.resolve("calendars.json");
        Files.writeString(path, """
                {
                  "ROMA": {"calendar_id": "c-1", "calendar_name": "Roma", "seats": 4},
                  "MILANO": {"calendar_id": "c-2", "calendar_name": "Milano", "seats": 6}
                }
                """);
        return MappingSource.of(path);
    }

    private LookupColumns.Options byBranch(MappingSource source) {
        return LookupColumns.Options.of(source, "branch",
                List.of(LookupColumns.Added.of("calendar_id"), LookupColumns.Added.of("calendar_name")));
    }

    @Test
    void addsTheMappedFieldsAsColumns() throws IOException {
        BoundRowTransform bound = new LookupColumns(byBranch(calendars())).bind(APPOINTMENTS);
        assertThat(bound.output()).isEqualTo(new StreamSchema("appointments", List.of(
                new Column("id", ColumnType.BIGINT, false, 0, 0),
                new Column("branch", ColumnType.STRING, true, 0, 0),
                new Column("calendar_id", ColumnType.STRING, true, 0, 0),
                new Column("calendar_name", ColumnType.STRING, true, 0, 0)), List.of("id")));
        Object[] row = {1L, "MILANO"};
        assertThat(bound.apply(row)).containsExactly(1L, "MILANO", "c-2", "Milano");
        assertThat(row).containsExactly(1L, "MILANO");
        assertThat(bound.apply(new Object[] {2L, null})).containsExactly(2L, null, null, null);
        assertThat(new LookupColumns(byBranch(calendars())).name()).isEqualTo("lookup_columns");
    }

    @Test
    void renamedAndTypedColumns() throws IOException {
        LookupColumns.Options options = LookupColumns.Options.of(calendars(), "branch", List.of(
                LookupColumns.Added.of("calendar_id").as("ghl_calendar"),
                LookupColumns.Added.of("seats").type(ColumnType.INTEGER)));
        StreamSchema notNullBranch = new StreamSchema("a", List.of(new Column("branch", ColumnType.STRING, false, 0, 0)), List.of());
        BoundRowTransform bound = new LookupColumns(options).bind(notNullBranch);
        assertThat(bound.output().columns()).containsExactly(
                new Column("branch", ColumnType.STRING, false, 0, 0),
                new Column("ghl_calendar", ColumnType.STRING, false, 0, 0),
                new Column("seats", ColumnType.INTEGER, false, 0, 0));
        assertThat(bound.apply(new Object[] {"ROMA"})).containsExactly("ROMA", "c-1", 4);
    }

    @Test
    void missingKeyRejectedByDefault() throws IOException {
        BoundRowTransform bound = new LookupColumns(byBranch(calendars())).bind(APPOINTMENTS);
        assertThatThrownBy(() -> bound.apply(new Object[] {3L, "TORINO"}))
                .isInstanceOf(RejectedValueException.class)
                .satisfies(e -> assertThat(((RejectedValueException) e).column()).isEqualTo("branch"))
                .hasMessageContaining("no mapping for 'TORINO' in mapping file")
                .hasMessageContaining("calendars.json");
    }

    @Test
    void missingKeyGivesNullsDefaultsOrSkipsTheRow() throws IOException {
        BoundRowTransform toNull = new LookupColumns(byBranch(calendars()).whenMissing(MissingKey.NULL)).bind(APPOINTMENTS);
        assertThat(toNull.apply(new Object[] {3L, "TORINO"})).containsExactly(3L, "TORINO", null, null);

        LookupColumns.Options defaults = new LookupColumns.Options(calendars(), "branch", List.of(
                LookupColumns.Added.of("calendar_id").defaultTo("c-0"),
                LookupColumns.Added.of("seats").defaultTo(1)), false, MissingKey.DEFAULT);
        BoundRowTransform toDefault = new LookupColumns(defaults).bind(APPOINTMENTS);
        assertThat(toDefault.apply(new Object[] {3L, "TORINO"})).containsExactly(3L, "TORINO", "c-0", 1L);
        assertThat(toDefault.apply(new Object[] {4L, "ROMA"})).containsExactly(4L, "ROMA", "c-1", 4L);

        BoundRowTransform skip = new LookupColumns(byBranch(calendars()).whenMissing(MissingKey.SKIP_ROW)).bind(APPOINTMENTS);
        assertThat(skip.apply(new Object[] {3L, "TORINO"})).isNull();
        assertThat(skip.apply(new Object[] {4L, "ROMA"})).containsExactly(4L, "ROMA", "c-1", "Roma");
        assertThat(skip.apply(new Object[] {5L, null})).containsExactly(5L, null, null, null);
    }

    @Test
    void defaultsAreValidatedAgainstThePolicyAndTheType() throws IOException {
        MappingSource source = calendars();
        assertThatThrownBy(() -> byBranch(source).whenMissing(MissingKey.DEFAULT))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("missing keys get defaults, but column calendar_id has none");
        assertThatThrownBy(() -> LookupColumns.Options.of(source, "branch", List.of(LookupColumns.Added.of("seats").defaultTo(1))))
                .hasMessageContaining("column seats has a default but missing keys get error");
        LookupColumns.Options wrongType = new LookupColumns.Options(source, "branch",
                List.of(LookupColumns.Added.of("seats").type(ColumnType.INTEGER).defaultTo("many")), false, MissingKey.DEFAULT);
        assertThatThrownBy(() -> new LookupColumns(wrongType).bind(APPOINTMENTS))
                .hasMessageContaining("column seats: the default 'many' is not an integer, so it cannot be INTEGER");
    }

    @Test
    void optionsAreValidated() throws IOException {
        MappingSource source = calendars();
        assertThatThrownBy(() -> LookupColumns.Options.of(source, "branch", List.of()))
                .hasMessageContaining("name at least one field to add as a column");
        assertThatThrownBy(() -> LookupColumns.Options.of(source, " ", List.of(LookupColumns.Added.of("x"))))
                .hasMessageContaining("name the key column");
        assertThatThrownBy(() -> LookupColumns.Options.of(source, "branch",
                List.of(LookupColumns.Added.of("calendar_id"), LookupColumns.Added.of("calendar_name").as("calendar_id"))))
                .hasMessageContaining("column calendar_id is added twice");
        assertThatThrownBy(() -> LookupColumns.Added.of("seats").type(ColumnType.TIMESTAMP))
                .hasMessageContaining("column seats cannot be TIMESTAMP");
    }

    @Test
    void bindRefusesClashesMissingColumnsAndFields() throws IOException {
        MappingSource source = calendars();
        StreamSchema withCalendar = new StreamSchema("a", List.of(Column.of("branch", ColumnType.STRING),
                Column.of("calendar_name", ColumnType.STRING)), List.of());
        assertThatThrownBy(() -> new LookupColumns(byBranch(source)).bind(withCalendar))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("the stream already has a column calendar_name; add the field under another name");
        assertThatThrownBy(() -> new LookupColumns(LookupColumns.Options.of(source, "sede",
                List.of(LookupColumns.Added.of("calendar_id")))).bind(APPOINTMENTS))
                .hasMessageContaining("the stream has no column sede; its columns are [id, branch]");
        assertThatThrownBy(() -> new LookupColumns(LookupColumns.Options.of(source, "branch",
                List.of(LookupColumns.Added.of("operator")))).bind(APPOINTMENTS))
                .hasMessageContaining("has no field 'operator'; its fields are [calendar_id, calendar_name, seats]");
        Path scalars = dir.resolve("scalars.yaml");
        Files.writeString(scalars, "ROMA: c-1\n");
        assertThatThrownBy(() -> new LookupColumns(LookupColumns.Options.of(MappingSource.of(scalars), "branch",
                List.of(LookupColumns.Added.of("calendar_id")))).bind(APPOINTMENTS))
                .hasMessageContaining("maps keys to single values, not to objects");
    }

    @Test
    void integerKeyColumnFromACsvFileIgnoringCaseSharedCache() throws IOException {
        Path path = dir.resolve("operators.csv");
        Files.writeString(path, "alfadocs_id,ghl_user\n17,u-a\n18,u-b\n");
        MappingSource source = MappingSource.of(path).withKeyField("alfadocs_id");
        MappingFileCache cache = new MappingFileCache();
        StreamSchema schema = new StreamSchema("appointments", List.of(Column.of("operator_id", ColumnType.INTEGER)), List.of());
        LookupColumns lookup = new LookupColumns(LookupColumns.Options.of(source, "operator_id",
                List.of(LookupColumns.Added.of("ghl_user"))).ignoringCase(), cache);
        BoundRowTransform bound = lookup.bind(schema);
        assertThat(bound.apply(new Object[] {18})).containsExactly(18, "u-b");
        new LookupValue(LookupValue.Options.of(source).field("ghl_user"), cache).bind(Column.of("operator_id", ColumnType.INTEGER));
        lookup.bind(schema);
        assertThat(cache.size()).isEqualTo(1);
    }
}
