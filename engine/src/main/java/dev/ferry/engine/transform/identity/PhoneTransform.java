package dev.ferry.engine.transform.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Phone numbers to E.164 ({@code +393331234567}), parsed and validated with Google's libphonenumber.
 *
 * <p>Takes STRING or TEXT columns and writes a STRING column of at most 16 characters (or, when
 * invalid values are {@linkplain InvalidValuePolicy#KEEP kept}, as long as the input's). A number
 * is written only when libphonenumber finds it {@linkplain PhoneNumberUtil#isValidNumber valid}
 * for its country, not merely parseable. Otherwise it is invalid and gets the
 * {@link InvalidValuePolicy}:
 * <ul>
 *   <li>Without a {@linkplain Options#defaultRegion default region} a number must carry its country
 *       as {@code +39 ...}; a national number ({@code 333 1234567}) or one with a dialling prefix
 *       ({@code 0039 ...}) is refused, since which prefix means "international" depends on the
 *       country it was dialled from. With a region, national numbers are read as that region's and
 *       the region's international prefix ({@code 00} in Italy, {@code 011} in the US) is understood.</li>
 *   <li>Spaces, dashes, dots, slashes and parentheses are layout and are ignored. Any other character,
 *       letters included, makes the number invalid: libphonenumber would skip a leading
 *       {@code Tel.}, a trailing note or convert a vanity word ({@code 1-800-FLOWERS}) to digits, and
 *       a note in a phone column is not part of the number. Letters are allowed only in what
 *       libphonenumber reads as an extension marker ({@code ext.}, {@code x}, {@code int.}...).</li>
 *   <li>An extension is handled by the {@link ExtensionPolicy}: refused by default, or dropped.</li>
 *   <li>A blank value is invalid unless {@linkplain Options#blankAsNull blank reads as null}.</li>
 * </ul>
 * Null stays null. Immutable and thread-safe, like its bound transforms.
 */
public final class PhoneTransform extends TextCheckTransform {
    /** A plus and at most 15 digits (ITU-T E.164). */
    private static final int E164_MAX_LENGTH = 16;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** Characters people write between digits: dashes of every kind, dots, slashes, parentheses. */
    private static final String LAYOUT = "-./()\u2010\u2011\u2012\u2013\u2014\u2212";

    private final Options options;

    private PhoneTransform(Options options) {
        super(options.onInvalid(), options.blankAsNull());
        this.options = options;
    }

    /** A phone transform with {@code options}, already validated by their constructor. */
    public static PhoneTransform of(Options options) {
        return new PhoneTransform(Objects.requireNonNull(options, "options"));
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "phone";
    }

    @Override
    int maxLength() {
        return E164_MAX_LENGTH;
    }

    /** Parsing and validating costs some 10 µs a number; a sales table repeats each customer's phone. */
    @Override
    int rememberedChecks() {
        return 65_536;
    }

    @Override
    Check check(String text) {
        PhoneNumber number;
        try {
            number = PHONES.parse(text, options.defaultRegion());
        } catch (NumberParseException e) {
            String stray = e.getErrorType() == NumberParseException.ErrorType.NOT_A_NUMBER ? strayCharacter(text) : null;
            return invalid(text, stray != null ? strayProblem(stray) : parseProblem(e, text));
        }
        String stray = strayCharacter(mainPart(text, number));
        if (stray != null) {
            return invalid(text, strayProblem(stray));
        }
        if (!PHONES.isValidNumber(number)) {
            return invalid(text, validityProblem(number));
        }
        if (number.hasExtension() && !number.getExtension().isEmpty()
                && options.extensions() == ExtensionPolicy.REJECT) {
            return invalid(text, "it has an extension (" + number.getExtension()
                    + "), which E.164 cannot hold; extensions are dropped only when the transform is told so");
        }
        return Check.valid(PHONES.format(number, PhoneNumberFormat.E164));
    }

    @Override
    String reason(String text, String problem) {
        String where = options.defaultRegion() == null ? "" : " for region " + options.defaultRegion();
        return Shortened.quote(text) + " is not a valid phone number" + where + ": " + problem;
    }

    private static String strayProblem(String stray) {
        return "it contains " + stray + ", which is not part of a phone number";
    }

    private String parseProblem(NumberParseException e, String text) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> options.defaultRegion() == null && !hasPlus(text)
                    ? "it has no +country code and no default region is set"
                    : "its country code is not one that exists";
            case NOT_A_NUMBER -> "it is not a phone number";
            case TOO_SHORT_AFTER_IDD -> "it is too short after the international prefix";
            case TOO_SHORT_NSN -> "it is too short";
            case TOO_LONG -> "it is too long";
            default -> "it cannot be read as a phone number"; // a kind a later libphonenumber may add
        };
    }

    private static String validityProblem(PhoneNumber number) {
        return switch (PHONES.isPossibleNumberWithReason(number)) {
            case TOO_SHORT -> "it is too short for country code +" + number.getCountryCode();
            case TOO_LONG -> "it is too long for country code +" + number.getCountryCode();
            case INVALID_COUNTRY_CODE -> "+" + number.getCountryCode() + " is not a country code";
            default -> "no number of country code +" + number.getCountryCode() + " has this form";
        };
    }

    private static boolean hasPlus(String text) {
        return text.indexOf('+') >= 0 || text.indexOf('\uFF0B') >= 0;
    }

    /**
     * The text without its extension. libphonenumber does not say where the extension started, but
     * it ends the text (its digits, maybe a closing {@code #}) and is preceded by a marker without
     * digits, so the main part ends at the last digit before that marker.
     */
    private static String mainPart(String text, PhoneNumber number) {
        if (!number.hasExtension() || number.getExtension().isEmpty()) {
            return text;
        }
        String rest = text.strip();
        if (rest.endsWith("#")) {
            rest = rest.substring(0, rest.length() - 1).stripTrailing();
        }
        if (!rest.endsWith(number.getExtension())) {
            return text; // written with digits libphonenumber normalised: check the whole text
        }
        int end = rest.length() - number.getExtension().length();
        while (end > 0 && !Character.isDigit(rest.charAt(end - 1))) {
            end--;
        }
        return rest.substring(0, end);
    }

    /** The first character of {@code main} that is neither a digit, a plus before the digits nor layout; or null. */
    private static String strayCharacter(String main) {
        boolean digitSeen = false;
        boolean plusSeen = false;
        for (int i = 0; i < main.length(); i++) {
            char c = main.charAt(i);
            if (Character.isDigit(c)) {
                digitSeen = true;
            } else if (c == '+' && !digitSeen && !plusSeen) {
                plusSeen = true; // "+39 ..." or "(+39) ..."
            } else if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && LAYOUT.indexOf(c) < 0) {
                return "'" + c + "'";
            }
        }
        return null;
    }

    /**
     * What a phone transform does.
     *
     * @param defaultRegion the ISO 3166 two-letter region national numbers belong to, one
     *                      libphonenumber supports ({@code IT}, {@code US}; case does not matter, kept
     *                      upper case); null when every number must carry its {@code +country} code
     * @param onInvalid     what an invalid number gets; not null
     * @param extensions    what a number with an extension gets; not null
     * @param blankAsNull   whether a blank value (empty or only spaces) becomes null instead of being invalid
     */
    public record Options(String defaultRegion, InvalidValuePolicy onInvalid, ExtensionPolicy extensions,
                          boolean blankAsNull) {

        public Options {
            if (onInvalid == null) {
                throw new TransformDefinitionException("phone: say what an invalid number gets: one of ERROR, NULL, KEEP");
            }
            if (extensions == null) {
                throw new TransformDefinitionException("phone: say what a number with an extension gets: one of REJECT, DROP");
            }
            if (defaultRegion != null) {
                defaultRegion = defaultRegion.strip().toUpperCase(Locale.ROOT);
                if (!PHONES.getSupportedRegions().contains(defaultRegion)) {
                    throw new TransformDefinitionException("phone: default region " + Shortened.quote(defaultRegion)
                            + " is not an ISO 3166 two-letter region with phone numbers (such as IT, US, GB, DE);"
                            + " leave it out to require +country codes");
                }
            }
        }

        /** No default region, invalid numbers and extensions rejected, blank values rejected. */
        public static Options defaults() {
            return new Options(null, InvalidValuePolicy.ERROR, ExtensionPolicy.REJECT, false);
        }

        /** The regions a default region may be, sorted. */
        public static Set<String> supportedRegions() {
            return new TreeSet<>(PHONES.getSupportedRegions());
        }

        public Options withDefaultRegion(String region) {
            return new Options(region, onInvalid, extensions, blankAsNull);
        }

        public Options withOnInvalid(InvalidValuePolicy policy) {
            return new Options(defaultRegion, policy, extensions, blankAsNull);
        }

        public Options withExtensions(ExtensionPolicy policy) {
            return new Options(defaultRegion, onInvalid, policy, blankAsNull);
        }

        public Options withBlankAsNull(boolean blank) {
            return new Options(defaultRegion, onInvalid, extensions, blank);
        }
    }
}
