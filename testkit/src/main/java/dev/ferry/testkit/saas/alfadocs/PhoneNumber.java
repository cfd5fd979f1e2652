package dev.ferry.testkit.saas.alfadocs;

/** One of a patient's {@code phoneNumbers}: a clean number is {@code prefix + number}. */
public record PhoneNumber(String prefix, String number) {
}
