package dev.ferry.testkit.saas.alfadocs;

import java.util.List;

/**
 * A patient as AlfaDocs lists it, with the fields team 4's scripts read. Dates and timestamps are
 * strings as the API sends them (a birth date may be {@code -0001-11-30}, which clients must read
 * as unknown). {@code gender} is {@code m} or {@code f}.
 *
 * <p>{@code lastModifiedAt} is what a client compares to find changed patients: the listing has
 * no documented updated-since filter, so a client reads every page and compares this field (or a
 * hash of the record). Its format (ISO-8601 with offset, Europe/Rome) is a choice: the public
 * OpenAPI does not show one.
 */
public record AlfaDocsPatient(long id, String firstName, String lastName, String email, List<PhoneNumber> phoneNumbers,
                              String gender, String street, String city, String postcode, String province,
                              String dateBirth, String placeOfBirth, String italianFiscalCode, String createdAt,
                              String lastModifiedAt) {

    public AlfaDocsPatient {
        phoneNumbers = phoneNumbers == null ? List.of() : List.copyOf(phoneNumbers);
    }

    public AlfaDocsPatient withId(long newId) {
        return new AlfaDocsPatient(newId, firstName, lastName, email, phoneNumbers, gender, street, city, postcode,
                province, dateBirth, placeOfBirth, italianFiscalCode, createdAt, lastModifiedAt);
    }

    public AlfaDocsPatient withFirstName(String value) {
        return new AlfaDocsPatient(id, value, lastName, email, phoneNumbers, gender, street, city, postcode, province,
                dateBirth, placeOfBirth, italianFiscalCode, createdAt, lastModifiedAt);
    }

    public AlfaDocsPatient withLastName(String value) {
        return new AlfaDocsPatient(id, firstName, value, email, phoneNumbers, gender, street, city, postcode, province,
                dateBirth, placeOfBirth, italianFiscalCode, createdAt, lastModifiedAt);
    }

    public AlfaDocsPatient withEmail(String value) {
        return new AlfaDocsPatient(id, firstName, lastName, value, phoneNumbers, gender, street, city, postcode, province,
                dateBirth, placeOfBirth, italianFiscalCode, createdAt, lastModifiedAt);
    }

    public AlfaDocsPatient withPhoneNumbers(List<PhoneNumber> value) {
        return new AlfaDocsPatient(id, firstName, lastName, email, value, gender, street, city, postcode, province,
                dateBirth, placeOfBirth, italianFiscalCode, createdAt, lastModifiedAt);
    }

    public AlfaDocsPatient withDateBirth(String value) {
        return new AlfaDocsPatient(id, firstName, lastName, email, phoneNumbers, gender, street, city, postcode, province,
                value, placeOfBirth, italianFiscalCode, createdAt, lastModifiedAt);
    }

    public AlfaDocsPatient withItalianFiscalCode(String value) {
        return new AlfaDocsPatient(id, firstName, lastName, email, phoneNumbers, gender, street, city, postcode, province,
                dateBirth, placeOfBirth, value, createdAt, lastModifiedAt);
    }

    public AlfaDocsPatient withCreatedAt(String value) {
        return new AlfaDocsPatient(id, firstName, lastName, email, phoneNumbers, gender, street, city, postcode, province,
                dateBirth, placeOfBirth, italianFiscalCode, value, lastModifiedAt);
    }

    public AlfaDocsPatient withLastModifiedAt(String value) {
        return new AlfaDocsPatient(id, firstName, lastName, email, phoneNumbers, gender, street, city, postcode, province,
                dateBirth, placeOfBirth, italianFiscalCode, createdAt, value);
    }
}
