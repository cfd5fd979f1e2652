package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;

/**
 * A MariaDB/MySQL connection's choices of how to read what has no exact neutral counterpart.
 *
 * @param zeroDates         what zero dates become; never null
 * @param tinyint1IsBoolean whether {@code TINYINT(1)} reads as BOOLEAN (0 and 1 only) rather than SMALLINT
 */
record MariaDbChoices(ZeroDates zeroDates, boolean tinyint1IsBoolean) {
    static final MariaDbChoices DEFAULTS = new MariaDbChoices(ZeroDates.FAIL, true);

    static MariaDbChoices of(ConnectionSpec spec) {
        String tinyint1 = spec.option(ConnectionSpec.TINYINT1, "boolean").strip();
        if (!tinyint1.equals("boolean") && !tinyint1.equals("integer")) {
            throw new FerryException("Connection " + spec.name() + ": " + ConnectionSpec.TINYINT1
                    + " must be boolean or integer, not '" + tinyint1 + "'");
        }
        return new MariaDbChoices(ZeroDates.of(spec), tinyint1.equals("boolean"));
    }
}
