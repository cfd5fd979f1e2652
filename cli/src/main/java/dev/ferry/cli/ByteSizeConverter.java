package dev.ferry.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes people write: {@code 1048576}, {@code 512k}, {@code 512KiB}, {@code 2m}, {@code 2MiB} (powers of 1024). */
final class ByteSizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(|b|k|kb|kib|m|mb|mib)");

    @Override
    public Long convert(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + text + "' is not a size: write bytes (1048576) or 512KiB, 1MiB");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "k", "kb", "kib" -> amount * 1024;
            case "m", "mb", "mib" -> amount * 1024 * 1024;
            default -> amount;
        };
    }
}
