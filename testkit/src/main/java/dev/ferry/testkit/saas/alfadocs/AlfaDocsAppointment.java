package dev.ferry.testkit.saas.alfadocs;

/**
 * An appointment as AlfaDocs lists it. {@code patientId} and {@code operatorId} may be null
 * (team 4 keeps only rows with both); {@code date} is the start, ISO-8601 with offset (a choice,
 * like {@code lastModifiedAt}, which the fake adds so a client can tell changed rows; the public
 * documentation lists neither format). {@code duration} is in minutes; {@code state} is one of
 * {@code waiting}, {@code done}, {@code absent}, {@code cancelled} (the states team 4 maps).
 */
public record AlfaDocsAppointment(long id, Long patientId, Long operatorId, Long carePlanId, String date, int duration,
                                  String state, String description, String type, Long chairId, boolean allDay,
                                  boolean firstVisit, String lastModifiedAt) {

    public AlfaDocsAppointment withState(String value) {
        return new AlfaDocsAppointment(id, patientId, operatorId, carePlanId, date, duration, value, description, type,
                chairId, allDay, firstVisit, lastModifiedAt);
    }

    public AlfaDocsAppointment withDate(String value) {
        return new AlfaDocsAppointment(id, patientId, operatorId, carePlanId, value, duration, state, description, type,
                chairId, allDay, firstVisit, lastModifiedAt);
    }

    public AlfaDocsAppointment withOperatorId(Long value) {
        return new AlfaDocsAppointment(id, patientId, value, carePlanId, date, duration, state, description, type,
                chairId, allDay, firstVisit, lastModifiedAt);
    }

    public AlfaDocsAppointment withCarePlanId(Long value) {
        return new AlfaDocsAppointment(id, patientId, operatorId, value, date, duration, state, description, type,
                chairId, allDay, firstVisit, lastModifiedAt);
    }

    public AlfaDocsAppointment withLastModifiedAt(String value) {
        return new AlfaDocsAppointment(id, patientId, operatorId, carePlanId, date, duration, state, description, type,
                chairId, allDay, firstVisit, value);
    }

    AlfaDocsAppointment withId(long newId) {
        return new AlfaDocsAppointment(newId, patientId, operatorId, carePlanId, date, duration, state, description, type,
                chairId, allDay, firstVisit, lastModifiedAt);
    }
}
