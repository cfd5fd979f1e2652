package dev.ferry.testkit.saas.alfadocs;

import java.util.List;

/**
 * A care plan: team 4 takes the first entry of {@code schemeCodes.general} ({@code code}, else
 * {@code name}, trimmed) as the treatment code that picks a calendar.
 */
public record AlfaDocsCarePlan(long id, Long patientId, String name, SchemeCodes schemeCodes) {

    public record SchemeCodes(List<SchemeCode> general) {
        public SchemeCodes {
            general = general == null ? List.of() : List.copyOf(general);
        }
    }

    /** Either field may be null or padded with spaces, as in real data. */
    public record SchemeCode(String code, String name) {
    }

    public static AlfaDocsCarePlan of(long id, Long patientId, String code, String name) {
        return new AlfaDocsCarePlan(id, patientId, name, new SchemeCodes(List.of(new SchemeCode(code, name))));
    }
}
