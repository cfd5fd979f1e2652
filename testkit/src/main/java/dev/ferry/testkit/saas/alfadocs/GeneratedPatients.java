package dev.ferry.testkit.saas.alfadocs;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Patients made from their id alone, so that a fake can hold 100,000 of them without storing any:
 * the same id gives the same patient on every run. About one in ten carries the dirt team 4's
 * cleaning rules exist for, each in a fixed place, so tests can count on them:
 * <ul>
 *   <li>id % 10 == 3: e-mail in upper case with spaces around it; id % 50 == 7: an invalid e-mail;
 *       id % 25 == 11: no e-mail.</li>
 *   <li>id % 10 == 4: prefix {@code +39} and a number that repeats it ({@code +39+39...});
 *       id % 10 == 5: no prefix; id % 20 == 6: a second number.</li>
 *   <li>id % 30 == 8: birth date {@code -0001-11-30}; id % 40 == 9: fiscal code
 *       {@code NON DISPONIBILE}; id % 40 == 19: all zeros.</li>
 *   <li>Names in lower or upper case on ids ending in 1 and 2.</li>
 * </ul>
 */
final class GeneratedPatients {

    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    /** Whole seconds and an offset, {@code 2025-03-10T09:30:00+01:00}; a choice (the OpenAPI shows no format). */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    /** The first generated patient's {@code createdAt}; each next one a minute later. */
    private static final ZonedDateTime FIRST_CREATED = ZonedDateTime.of(2020, 1, 2, 8, 0, 0, 0, ROME);
    private static final String[] FIRST = {"Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Sara", "Andrea",
            "Elena", "Davide", "Martina", "Simone", "Valentina", "Alessandro", "Federica", "Lorenzo"};
    private static final String[] LAST = {"Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo"};
    private static final String[] CITIES = {"Milano", "Roma", "Torino", "Bologna", "Firenze", "Napoli", "Bari", "Verona"};
    private static final String[] PROVINCES = {"MI", "RM", "TO", "BO", "FI", "NA", "BA", "VR"};

    private GeneratedPatients() {
    }

    static AlfaDocsPatient patient(long id) {
        String first = FIRST[(int) (id % FIRST.length)];
        String last = LAST[(int) (id * 7 % LAST.length)];
        int city = (int) (id % CITIES.length);
        ZonedDateTime created = FIRST_CREATED.plusMinutes(id - 1);
        ZonedDateTime modified = created.plusDays(id % 400).plusHours(id % 7);
        return new AlfaDocsPatient(id, casing(first, id), casing(last, id), email(first, last, id), phones(id),
                id % 2 == 0 ? "f" : "m", "Via " + LAST[(int) (id % LAST.length)] + " " + (1 + id % 120),
                CITIES[city], String.format("%05d", 10000 + id * 37 % 89999), PROVINCES[city], dateBirth(id),
                CITIES[(int) (id * 3 % CITIES.length)], fiscalCode(first, last, id), created.format(TIMESTAMP),
                modified.format(TIMESTAMP));
    }

    private static String casing(String name, long id) {
        return switch ((int) (id % 10)) {
            case 1 -> name.toLowerCase();
            case 2 -> name.toUpperCase();
            default -> name;
        };
    }

    private static String email(String first, String last, long id) {
        if (id % 25 == 11) {
            return null;
        }
        if (id % 50 == 7) {
            return first.toLowerCase() + ".at.example.it";
        }
        String clean = (first + "." + last).toLowerCase().replace(" ", "") + id + "@example.it";
        return id % 10 == 3 ? "  " + clean.toUpperCase() + " " : clean;
    }

    private static List<PhoneNumber> phones(long id) {
        String number = "3" + String.format("%09d", id * 7919 % 1_000_000_000L);
        PhoneNumber first = switch ((int) (id % 10)) {
            case 4 -> new PhoneNumber("+39", "+39" + number);
            case 5 -> new PhoneNumber("", number);
            default -> new PhoneNumber("+39", number);
        };
        return id % 20 == 6 ? List.of(first, new PhoneNumber("+39", "02" + String.format("%08d", id))) : List.of(first);
    }

    private static String dateBirth(long id) {
        if (id % 30 == 8) {
            return "-0001-11-30";
        }
        return LocalDate.of(1940, 1, 1).plusDays(id * 97 % 27000).toString();
    }

    private static String fiscalCode(String first, String last, long id) {
        if (id % 40 == 9) {
            return "NON DISPONIBILE";
        }
        if (id % 40 == 19) {
            return "0000000000000000";
        }
        String letters = (last.replace(" ", "") + "XXX").substring(0, 3) + (first + "XXX").substring(0, 3);
        return (letters + String.format("%02d", id % 100) + "A" + String.format("%02d", 1 + id % 28) + "F205Z")
                .toUpperCase().substring(0, 16);
    }
}
