package dev.ferry.engine.transform.identity;

import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * E-mail addresses: trimmed, the domain lower-cased (and an internationalised domain written in
 * punycode), then validated against the practical subset of RFC 5321 and 5322 that mail systems
 * exchange.
 *
 * <p>Takes STRING or TEXT columns and writes a STRING column of 254 characters at most (or, when
 * invalid values are {@linkplain InvalidValuePolicy#KEEP kept}, as long as the input's). Valid is:
 * <ul>
 *   <li>exactly one {@code @}, and at most 254 characters in all once normalised;</li>
 *   <li>a local part of 1 to 64 characters of {@code A-Z a-z 0-9} and
 *       {@code ! # $ % & ' * + - / = ? ^ _ ` { | } ~}, with dots only between them (a dot-atom). It is
 *       kept as written unless {@linkplain Options#lowerCaseLocalPart told to lower-case it}, since
 *       RFC 5321 leaves its case to the receiving server. Quoted local parts ({@code "a b"@x.it}) and
 *       non-ASCII ones (RFC 6531) are refused;</li>
 *   <li>a domain of at least two labels separated by dots, each 1 to 63 letters, digits or hyphens,
 *       not starting or ending with a hyphen, the last one not all digits. A domain in other scripts
 *       ({@code bücher.de}) is converted to its ASCII form ({@code xn--bcher-kva.de}) with
 *       {@link IDN#toASCII}; a domain that conversion would change into another one is refused
 *       (IDNA 2003 reads {@code straße.de} as {@code strasse.de}, a different domain since IDNA 2008,
 *       and drops soft hyphens): such a domain gets through only written in its ASCII form. Address
 *       literals ({@code a@[192.0.2.1]}) and a trailing dot are refused.</li>
 * </ul>
 * Leading and trailing white space is trimmed; white space elsewhere makes the address invalid.
 * Whether the domain exists or receives mail is not checked. A value that is not valid gets the
 * {@link InvalidValuePolicy}; a blank one is invalid unless {@linkplain Options#blankAsNull blank
 * reads as null}. Null stays null. Immutable and thread-safe, like its bound transforms.
 */
public final class EmailTransform extends TextCheckTransform {
    /** RFC 5321's 256-character path less its angle brackets. */
    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String LOCAL_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private final Options options;

    private EmailTransform(Options options) {
        super(options.onInvalid(), options.blankAsNull());
        this.options = options;
    }

    /** An e-mail transform with {@code options}, already validated by their constructor. */
    public static EmailTransform of(Options options) {
        return new EmailTransform(Objects.requireNonNull(options, "options"));
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    int maxLength() {
        return MAX_LENGTH;
    }

    @Override
    Check check(String text) {
        String address = text.strip();
        if (address.length() > MAX_LENGTH) {
            // Checked before IDN sees it: no address this long can become a valid one.
            return invalid(text, "it has " + address.length() + " characters, more than " + MAX_LENGTH);
        }
        int at = address.indexOf('@');
        if (at < 0) {
            return invalid(text, "it has no @");
        }
        if (address.indexOf('@', at + 1) >= 0) {
            return invalid(text, "it has more than one @");
        }
        String local = address.substring(0, at);
        String problem = localPartProblem(local);
        if (problem != null) {
            return invalid(text, problem);
        }
        String domain;
        try {
            domain = asciiDomain(address.substring(at + 1));
        } catch (InvalidDomain e) {
            return invalid(text, e.getMessage());
        }
        String normalised = (options.lowerCaseLocalPart() ? local.toLowerCase(Locale.ROOT) : local) + "@" + domain;
        if (normalised.length() > MAX_LENGTH) {
            return invalid(text, "it has " + normalised.length() + " characters, more than " + MAX_LENGTH);
        }
        return Check.valid(normalised);
    }

    @Override
    String reason(String text, String problem) {
        return Shortened.quote(text) + " is not a valid e-mail address: " + problem;
    }

    private static String localPartProblem(String local) {
        if (local.isEmpty()) {
            return "nothing comes before the @";
        }
        if (local.length() > MAX_LOCAL_LENGTH) {
            return "the part before the @ has " + local.length() + " characters, more than " + MAX_LOCAL_LENGTH;
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return "the part before the @ starts or ends with a dot, or has two in a row";
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '.' && LOCAL_SPECIALS.indexOf(c) < 0) {
                return "the part before the @ contains " + describe(local, i) + ", which is not allowed there"
                        + " (letters a-z, digits, dots and " + LOCAL_SPECIALS + " are)";
            }
        }
        return null;
    }

    /** The domain in lower-case ASCII, internationalised labels in punycode. */
    private static String asciiDomain(String domain) throws InvalidDomain {
        if (domain.isEmpty()) {
            throw new InvalidDomain("nothing comes after the @");
        }
        if (domain.startsWith("[")) {
            throw new InvalidDomain("address literals such as [192.0.2.1] are not accepted after the @");
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new InvalidDomain("the domain contains " + describe(domain, i));
            }
        }
        String ascii;
        try {
            // Full-width and ideographic dots are separators to IDN; the domain must not end with one.
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidDomain("the domain is not a valid host name (" + e.getMessage() + ")");
        }
        if (ascii.endsWith(".") || ascii.startsWith(".") || ascii.contains("..")) {
            throw new InvalidDomain("the domain starts or ends with a dot, or has two in a row");
        }
        String[] labels = ascii.split("\\.");
        String[] written = domain.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.')
                .toLowerCase(Locale.ROOT).split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String readBack = IDN.toUnicode(labels[i], IDN.USE_STD3_ASCII_RULES);
            boolean same = labels.length == written.length
                    && (written[i].equals(labels[i]) || written[i].equals(readBack));
            if (!same) {
                throw new InvalidDomain("the domain would change to another one in IDNA 2003, which maps"
                        + " some characters to others (" + Shortened.quote(IDN.toUnicode(ascii)) + "); write it"
                        + " in its ASCII form (xn--...)");
            }
        }
        if (labels.length < 2) {
            throw new InvalidDomain("the domain " + Shortened.quote(ascii) + " has no dot (a top-level domain alone"
                    + " does not receive mail)");
        }
        for (String label : labels) {
            String problem = labelProblem(label);
            if (problem != null) {
                throw new InvalidDomain("the domain's label " + Shortened.quote(label) + " " + problem);
            }
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidDomain("the domain ends with an all-digit label (" + labels[labels.length - 1] + ")");
        }
        return ascii;
    }

    private static String labelProblem(String label) {
        if (label.length() > MAX_LABEL_LENGTH) {
            return "has " + label.length() + " characters, more than " + MAX_LABEL_LENGTH;
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return "starts or ends with a hyphen";
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '-') {
                return "contains " + describe(label, i) + " (letters, digits and hyphens are allowed)";
            }
        }
        return null;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** A character for a message: quoted when it prints, as U+XXXX when it does not. */
    private static String describe(String text, int index) {
        int codePoint = text.codePointAt(index);
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || Character.isISOControl(codePoint)) {
            return String.format(Locale.ROOT, "white space or a control character (U+%04X)", codePoint);
        }
        return "'" + new String(Character.toChars(codePoint)) + "'";
    }

    /** Why a domain is refused; a checked exception so that every path out of the check says why. */
    private static final class InvalidDomain extends Exception {
        InvalidDomain(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What an e-mail transform does.
     *
     * @param onInvalid          what an invalid address gets; not null
     * @param lowerCaseLocalPart whether the part before the @ is lower-cased too (the domain always is)
     * @param blankAsNull        whether a blank value (empty or only spaces) becomes null instead of being invalid
     */
    public record Options(InvalidValuePolicy onInvalid, boolean lowerCaseLocalPart, boolean blankAsNull) {

        public Options {
            if (onInvalid == null) {
                throw new TransformDefinitionException("email: say what an invalid address gets: one of ERROR, NULL, KEEP");
            }
        }

        /** Local part kept as written, invalid addresses rejected, blank values rejected. */
        public static Options defaults() {
            return new Options(InvalidValuePolicy.ERROR, false, false);
        }

        public Options withOnInvalid(InvalidValuePolicy policy) {
            return new Options(policy, lowerCaseLocalPart, blankAsNull);
        }

        public Options withLowerCaseLocalPart(boolean lowerCase) {
            return new Options(onInvalid, lowerCase, blankAsNull);
        }

        public Options withBlankAsNull(boolean blank) {
            return new Options(onInvalid, lowerCaseLocalPart, blank);
        }
    }
}
