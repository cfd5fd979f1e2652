package dev.ferry.cli.e2e;

import dev.ferry.testkit.TestMariaDb;
import dev.ferry.testkit.TestPostgres;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * A destination database for the Convex end-to-end tests: where a fresh one is, how to read the
 * {@code _creationTime} column back as UTC text with microseconds, and which Convex values the
 * database cannot hold, so a test knows which documents it must refuse rather than change.
 */
enum ConvexDestination {
    POSTGRESQL {
        @Override
        String freshUrl(Path dir) {
            return TestPostgres.freshDatabase("convex_e2e");
        }

        @Override
        String creationTimeText() {
            return "to_char(\"_creationTime\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
        }

        @Override
        String quoted(String column) {
            return "\"" + column + "\"";
        }
    },

    MARIADB {
        @Override
        String freshUrl(Path dir) {
            return TestMariaDb.freshDatabase("convex_e2e");
        }

        /** Ferry stores a timestamp with time zone in MariaDB as its UTC date and time. */
        @Override
        String creationTimeText() {
            return "DATE_FORMAT(`_creationTime`, '%Y-%m-%d %H:%i:%s.%f')";
        }

        @Override
        String quoted(String column) {
            return "`" + column + "`";
        }

        /** MariaDB's DOUBLE has no negative zero: -0e0 is stored, compared and read as 0. */
        @Override
        boolean holdsNegativeZero() {
            return false;
        }
    },

    SQLITE {
        @Override
        String freshUrl(Path dir) {
            return "jdbc:sqlite:" + dir.resolve("destination.db");
        }

        /** Ferry stores it as text in UTC, its fraction without trailing zeros: normalized in {@link #creationTime}. */
        @Override
        String creationTimeText() {
            return "\"_creationTime\"";
        }

        @Override
        String creationTime(String stored) {
            return stored == null ? null : MICROS.format(OffsetDateTime.parse(stored, SQLITE_TIMESTAMP_TZ));
        }

        /** SQLite keeps a double's bits, but it writes a REAL with an integral value as an integer: -0.0 becomes 0. */
        @Override
        boolean holdsNegativeZero() {
            return false;
        }

        @Override
        String quoted(String column) {
            return "\"" + column + "\"";
        }
    };

    static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SQLITE_TIMESTAMP_TZ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().appendPattern("[XXX][X]").toFormatter();

    /** A JDBC URL of a new, empty database for one test. */
    abstract String freshUrl(Path dir);

    /** A SQL expression of {@code _creationTime} as {@code YYYY-MM-DD HH:MM:SS.ffffff} in UTC. */
    abstract String creationTimeText();

    abstract String quoted(String column);

    /** What {@link #creationTimeText()} read, as {@code YYYY-MM-DD HH:MM:SS.ffffff}. */
    String creationTime(String read) {
        return read;
    }

    /**
     * Whether -0.0 reads back with its sign. Where it does not, it reads back as 0.0, which is equal as
     * a number; Ferry does not refuse it (a documented limit of the database, asserted by the tests).
     */
    boolean holdsNegativeZero() {
        return true;
    }

    /** Whether the database refuses text with a NUL character (PostgreSQL does, whatever the column). */
    boolean refusesNul() {
        return this == POSTGRESQL;
    }

    /**
     * Whether the database refuses this double: MariaDB has no NaN and no infinities; SQLite would
     * store NaN as NULL, so Ferry refuses it there.
     */
    boolean refuses(double value) {
        return switch (this) {
            case POSTGRESQL -> false;
            case MARIADB -> Double.isNaN(value) || Double.isInfinite(value);
            case SQLITE -> Double.isNaN(value);
        };
    }
}
