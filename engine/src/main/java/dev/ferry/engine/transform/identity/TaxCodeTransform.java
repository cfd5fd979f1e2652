package dev.ferry.engine.transform.identity;

import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.Objects;

/**
 * Italian tax codes (codice fiscale): normalised to upper case without spaces, then validated.
 *
 * <p>Takes STRING or TEXT columns and writes a STRING column of 16 characters at most (or, when
 * invalid values are {@linkplain InvalidValuePolicy#KEEP kept}, as long as the input's). The
 * normalised code is written as it was given: an omocodic code keeps its letters.
 *
 * <p>A personal code has 16 characters: six letters (surname and name), two year digits, the month
 * letter ({@code A B C D E H L M P R S T} for January to December), two day digits (01 to 31, or 41
 * to 71 for women), a letter and three digits (the place of birth) and the check character. Where
 * the Agenzia delle Entrate gave two people the same code (omocodia), it replaces digits, from the
 * right, by {@code L M N P Q R S T U V} for 0 to 9: any of the seven digit positions (7, 8, 10, 11,
 * 13, 14, 15) may hold such a letter, and the check character is validated on the code as written.
 * The day is checked to be 1-31 or 41-71, not against the month's length.
 *
 * <p>With {@linkplain Options#acceptNumeric numeric codes accepted}, an 11-digit code is valid too:
 * the codice fiscale of companies and bodies (the same number as their partita IVA) and the
 * temporary one of people, whose last digit is a Luhn-style check digit. They are refused by
 * default, since a column of people's codes holding one is more often a mistake.
 *
 * <p>A value that is not valid gets the {@link InvalidValuePolicy}; a blank one is invalid unless
 * {@linkplain Options#blankAsNull blank reads as null}. Null stays null. Immutable and thread-safe,
 * like its bound transforms.
 */
public final class TaxCodeTransform extends TextCheckTransform {
    private static final int PERSONAL_LENGTH = 16;
    private static final int NUMERIC_LENGTH = 11;
    private static final String MONTHS = "ABCDEHLMPRST";
    /** The letters that replace 0 to 9 in an omocodic code. */
    private static final String OMOCODIA = "LMNPQRSTUV";
    /** Zero-based positions of the digits that omocodia may replace. */
    private static final int[] DIGIT_POSITIONS = {6, 7, 9, 10, 12, 13, 14};
    /** The value of A..Z, or of 0..9 (same as A..J), at an odd position (1st, 3rd, ...). */
    private static final int[] ODD_VALUES = {
            1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};

    private final Options options;

    private TaxCodeTransform(Options options) {
        super(options.onInvalid(), options.blankAsNull());
        this.options = options;
    }

    /** A tax code transform with {@code options}, already validated by their constructor. */
    public static TaxCodeTransform of(Options options) {
        return new TaxCodeTransform(Objects.requireNonNull(options, "options"));
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "tax_code";
    }

    @Override
    int maxLength() {
        return PERSONAL_LENGTH;
    }

    @Override
    Check check(String text) {
        String code = normalise(text);
        String problem;
        if (code.length() == PERSONAL_LENGTH) {
            problem = personalProblem(code);
        } else if (code.length() == NUMERIC_LENGTH && options.acceptNumeric() && allDigits(code)) {
            problem = numericProblem(code);
        } else {
            problem = "it has " + code.length() + " characters where a codice fiscale has 16"
                    + (options.acceptNumeric() ? " (or 11 digits)" : "");
        }
        if (problem != null) {
            return invalid(text, problem);
        }
        return Check.valid(code);
    }

    @Override
    String reason(String text, String problem) {
        return Shortened.quote(text) + " is not a valid codice fiscale: " + problem;
    }

    /** Upper case, without spaces; letters are only ever the ASCII ones, so no locale is involved. */
    static String normalise(String text) {
        StringBuilder code = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            code.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return code.toString();
    }

    /** Why {@code code} (16 characters) is not a personal codice fiscale, or null when it is one. */
    private static String personalProblem(String code) {
        for (int i = 0; i < PERSONAL_LENGTH; i++) {
            char c = code.charAt(i);
            boolean digitPosition = isDigitPosition(i);
            boolean ok = isLetter(c) && (!digitPosition || OMOCODIA.indexOf(c) >= 0)
                    || digitPosition && isDigit(c);
            if (!ok) {
                String expected = digitPosition ? "a digit (or one of " + OMOCODIA + ")" : "a letter";
                return "character " + (i + 1) + " is '" + c + "' where " + expected + " belongs";
            }
        }
        if (MONTHS.indexOf(code.charAt(8)) < 0) {
            return "the month letter (9th character) is '" + code.charAt(8) + "', not one of " + MONTHS;
        }
        int day = digitValue(code.charAt(9)) * 10 + digitValue(code.charAt(10));
        if (day < 1 || day > 31 && day < 41 || day > 71) {
            return "the day (10th and 11th characters) is " + day + ", not 1 to 31 or 41 to 71";
        }
        char expected = checkCharacter(code);
        if (code.charAt(15) != expected) {
            return "the check character is '" + code.charAt(15) + "', the first 15 characters give '"
                    + expected + "'";
        }
        return null;
    }

    /**
     * The check character of a personal code, from its first 15 characters: each character's value
     * from the odd table at the 1st, 3rd... positions and from the even one (digits 0-9 and letters
     * 0-25) at the 2nd, 4th...; their sum modulo 26 as a letter.
     */
    static char checkCharacter(String code) {
        int sum = 0;
        for (int i = 0; i < PERSONAL_LENGTH - 1; i++) {
            char c = code.charAt(i);
            int index = isDigit(c) ? c - '0' : c - 'A';
            sum += i % 2 == 0 ? ODD_VALUES[index] : index;
        }
        return (char) ('A' + sum % 26);
    }

    /** Why {@code code} (11 digits) is not a numeric codice fiscale, or null when it is one. */
    private static String numericProblem(String code) {
        int expected = numericCheckDigit(code);
        if (code.charAt(10) - '0' != expected) {
            return "its check digit is " + code.charAt(10) + ", the first 10 digits give " + expected;
        }
        return null;
    }

    /**
     * The check digit of an 11-digit code: the digits at the 1st, 3rd... positions added as they
     * are, those at the 2nd, 4th... doubled (less 9 when over 9), and the sum's complement to a
     * multiple of 10.
     */
    static int numericCheckDigit(String code) {
        int sum = 0;
        for (int i = 0; i < NUMERIC_LENGTH - 1; i++) {
            int digit = code.charAt(i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }

    private static boolean isDigitPosition(int index) {
        for (int position : DIGIT_POSITIONS) {
            if (position == index) {
                return true;
            }
        }
        return false;
    }

    /** The digit a character stands for at a digit position: itself, or its omocodia letter's. */
    private static int digitValue(char c) {
        return isDigit(c) ? c - '0' : OMOCODIA.indexOf(c);
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(String code) {
        return code.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * What a tax code transform does.
     *
     * @param onInvalid     what an invalid code gets; not null
     * @param acceptNumeric whether 11-digit numeric codes (companies', temporary ones) are valid too
     * @param blankAsNull   whether a blank value (empty or only spaces) becomes null instead of being invalid
     */
    public record Options(InvalidValuePolicy onInvalid, boolean acceptNumeric, boolean blankAsNull) {

        public Options {
            if (onInvalid == null) {
                throw new TransformDefinitionException("tax_code: say what an invalid code gets: one of ERROR, NULL, KEEP");
            }
        }

        /** Personal codes only, invalid ones rejected, blank values rejected. */
        public static Options defaults() {
            return new Options(InvalidValuePolicy.ERROR, false, false);
        }

        public Options withOnInvalid(InvalidValuePolicy policy) {
            return new Options(policy, acceptNumeric, blankAsNull);
        }

        public Options withAcceptNumeric(boolean accept) {
            return new Options(onInvalid, accept, blankAsNull);
        }

        public Options withBlankAsNull(boolean blank) {
            return new Options(onInvalid, acceptNumeric, blank);
        }
    }
}
