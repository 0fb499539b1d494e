package dev.jwtfilter.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses the duration syntax of every setting: {@code 60} (seconds), {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 14d} or ISO-8601 {@code PT5M}. */
public final class Durations {
    private Durations() {}

    /**
     * @param value the text to parse, for example {@code 30s}
     * @return the duration
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            return Character.isDigit(unit) ? Duration.ofSeconds(Long.parseLong(v)) : withUnit(v, unit, value);
        } catch (NumberFormatException
                | DateTimeParseException
                | StringIndexOutOfBoundsException
                | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "expected a duration such as 60, 30s, 5m, 1h, 14d or PT5M, got '" + value + "'", e);
        }
    }

    private static Duration withUnit(String v, char unit, String value) {
        long amount = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (unit) {
            case 'd' -> Duration.ofDays(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 's' -> Duration.ofSeconds(amount);
            default -> throw new NumberFormatException(value);
        };
    }
}
