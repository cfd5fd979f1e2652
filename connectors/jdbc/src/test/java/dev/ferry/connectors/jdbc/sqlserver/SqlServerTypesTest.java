package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.connectors.jdbc.SqlColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** SQL Server's types to engine types and back, one row per type the dialect knows. */
class SqlServerTypesTest {
    private static final SqlServerDialect DIALECT = new SqlServerDialect();

    /**
     * Lengths as INFORMATION_SCHEMA reports them (-1 for (max), read as 0) and as the driver's
     * result set metadata reports them for query streams (1073741823 / 2147483647 for (max), type
     * names with "identity").
     */
    @ParameterizedTest(name = "{0}({1},{2}) reads as {3}({4},{5})")
    @CsvSource({
            "bit,              0,          0,  BOOLEAN,      0,    0",
            "tinyint,          3,          0,  SMALLINT,     0,    0",
            "smallint,         5,          0,  SMALLINT,     0,    0",
            "int,              10,         0,  INTEGER,      0,    0",
            "int identity,     10,         0,  INTEGER,      0,    0",
            "bigint,           19,         0,  BIGINT,       0,    0",
            "decimal,          14,         2,  DECIMAL,      14,   2",
            "numeric,          38,         10, DECIMAL,      38,   10",
            "decimal,          0,          0,  DECIMAL,      0,    0",
            "money,            19,         4,  DECIMAL,      19,   4",
            "money,            0,          0,  DECIMAL,      19,   4",
            "smallmoney,       10,         4,  DECIMAL,      10,   4",
            "real,             24,         0,  FLOAT,        0,    0",
            "float,            53,         0,  DOUBLE,       0,    0",
            "date,             10,         0,  DATE,         0,    0",
            "time,             16,         7,  TIME,         0,    0",
            "datetime,         23,         3,  TIMESTAMP,    0,    0",
            "datetime2,        27,         7,  TIMESTAMP,    0,    0",
            "smalldatetime,    16,         0,  TIMESTAMP,    0,    0",
            "datetimeoffset,   34,         7,  TIMESTAMP_TZ, 0,    0",
            "char,             10,         0,  STRING,       10,   0",
            "varchar,          8000,       0,  STRING,       8000, 0",
            "nchar,            3,          0,  STRING,       3,    0",
            "nvarchar,         4000,       0,  STRING,       4000, 0",
            "NVARCHAR,         20,         0,  STRING,       20,   0",
            "sysname,          128,        0,  STRING,       128,  0",
            "varchar,          0,          0,  TEXT,         0,    0",
            "nvarchar,         0,          0,  TEXT,         0,    0",
            "nvarchar,         1073741823, 0,  TEXT,         0,    0",
            "varchar,          2147483647, 0,  TEXT,         0,    0",
            "text,             2147483647, 0,  TEXT,         0,    0",
            "ntext,            1073741823, 0,  TEXT,         0,    0",
            "binary,           16,         0,  BINARY,       16,   0",
            "varbinary,        200,        0,  BINARY,       200,  0",
            "varbinary,        0,          0,  BINARY,       0,    0",
            "varbinary,        2147483647, 0,  BINARY,       0,    0",
            "image,            2147483647, 0,  BINARY,       0,    0",
            "timestamp,        8,          0,  BINARY,       0,    0",
            "uniqueidentifier, 36,         0,  UUID,         0,    0",
            "xml,              0,          0,  TEXT,         0,    0",
            "sql_variant,      0,          0,  TEXT,         0,    0",
            "geography,        0,          0,  TEXT,         0,    0",
    })
    void readsEverySqlServerType(String typeName, int precision, int scale, ColumnType type, int expectedPrecision,
                                 int expectedScale) {
        Column column = DIALECT.toColumn(new SqlColumn("c", typeName, precision, scale, true));

        assertThat(column).isEqualTo(new Column("c", type, true, expectedPrecision, expectedScale));
    }

    @Test
    void keepsNullability() {
        assertThat(DIALECT.toColumn(new SqlColumn("id", "bigint", 19, 0, false)).nullable()).isFalse();
        assertThat(DIALECT.toColumn(new SqlColumn("note", "nvarchar", 0, 0, true)).nullable()).isTrue();
    }

    @ParameterizedTest(name = "{0}({1},{2}) is created as {3}")
    @CsvSource({
            "BOOLEAN,      0,    0,  bit",
            "SMALLINT,     0,    0,  smallint",
            "INTEGER,      0,    0,  int",
            "BIGINT,       0,    0,  bigint",
            "FLOAT,        0,    0,  real",
            "DOUBLE,       0,    0,  float",
            "DECIMAL,      14,   2,  'decimal(14,2)'",
            "DECIMAL,      38,   38, 'decimal(38,38)'",
            "DECIMAL,      0,    0,  'decimal(38,10)'",
            "DECIMAL,      50,   20, 'decimal(38,20)'",
            "DATE,         0,    0,  date",
            "TIME,         0,    0,  time(7)",
            "TIMESTAMP,    0,    0,  datetime2(7)",
            "TIMESTAMP_TZ, 0,    0,  datetimeoffset(7)",
            "STRING,       20,   0,  nvarchar(20)",
            "STRING,       4000, 0,  nvarchar(4000)",
            "STRING,       4001, 0,  nvarchar(max)",
            "STRING,       0,    0,  nvarchar(max)",
            "TEXT,         0,    0,  nvarchar(max)",
            "JSON,         0,    0,  nvarchar(max)",
            "BINARY,       0,    0,  varbinary(max)",
            "BINARY,       16,   0,  varbinary(max)",
            "UUID,         0,    0,  uniqueidentifier",
    })
    void createsEveryEngineType(ColumnType type, int precision, int scale, String sqlType) {
        assertThat(DIALECT.sqlType(new Column("c", type, true, precision, scale))).isEqualTo(sqlType);
    }

    @ParameterizedTest(name = "key {0}({1}) is created as {2}")
    @CsvSource({
            "TEXT,    0,    nvarchar(450)",
            "JSON,    0,    nvarchar(450)",
            "STRING,  0,    nvarchar(450)",
            "STRING,  5000, nvarchar(450)",
            "STRING,  12,   nvarchar(12)",
            "BINARY,  0,    varbinary(900)",
            "BIGINT,  0,    bigint",
            "UUID,    0,    uniqueidentifier",
    })
    void keyColumnsGetATypeAnIndexCanHold(ColumnType type, int precision, String sqlType) {
        assertThat(SqlServerTypes.keySqlType(new Column("k", type, false, precision, 0))).isEqualTo(sqlType);
    }

    /** What a table Ferry created reads back as: the same type, except JSON, which SQL Server stores as text. */
    @ParameterizedTest
    @EnumSource(ColumnType.class)
    void aCreatedColumnReadsBackAsItsOwnType(ColumnType type) {
        Column written = new Column("c", type, true, type == ColumnType.STRING ? 40 : type == ColumnType.DECIMAL ? 12 : 0,
                type == ColumnType.DECIMAL ? 3 : 0);
        String declared = DIALECT.sqlType(written);
        int open = declared.indexOf('(');
        String name = open < 0 ? declared : declared.substring(0, open);
        String[] arguments = open < 0 ? new String[0] : declared.substring(open + 1, declared.length() - 1).split(",");
        // INFORMATION_SCHEMA: the length of a string or binary, precision and scale of a decimal; -1 (read as 0) for max
        int precision = arguments.length == 0 || arguments[0].equals("max") || name.startsWith("date") || name.equals("time")
                ? 0 : Integer.parseInt(arguments[0]);
        int scale = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 0;

        Column read = DIALECT.toColumn(new SqlColumn("c", name, precision, scale, true));

        Column expected = type == ColumnType.JSON ? new Column("c", ColumnType.TEXT, true, 0, 0) : written;
        assertThat(read).isEqualTo(expected);
    }
}
