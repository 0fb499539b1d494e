package dev.jwtfilter.config;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Reads typed values out of string parameters for {@link JwtConfigParser}, recording a problem per bad value. */
final class ParamReader {
    private final Map<String, String> values;
    private final List<String> problems;
    private final String displayPrefix;

    ParamReader(Map<String, String> values, List<String> problems) {
        this(values, problems, "jwt.");
    }

    /**
     * @param displayPrefix replaces {@code jwt.} in the names that problems quote (an issuer entry's
     *                      {@code jwt.issuers.NAME.}), so each message names the parameter the user wrote
     */
    ParamReader(Map<String, String> values, List<String> problems, String displayPrefix) {
        this.values = values;
        this.problems = problems;
        this.displayPrefix = displayPrefix;
    }

    private String display(String name) {
        return name.startsWith("jwt.") ? displayPrefix + name.substring(4) : name;
    }

    /** @return the (resolved) value of a parameter, or null when it is not set */
    String get(String name) {
        return values.get(name);
    }

    void string(String name, Consumer<String> sink) {
        String value = values.get(name);
        if (value != null) {
            try {
                sink.accept(value);
            } catch (IllegalArgumentException e) {
                problems.add("Parameter '" + display(name) + "': " + e.getMessage());
            }
        }
    }

    void list(String name, Consumer<List<String>> sink) {
        string(
                name,
                value -> sink.accept(Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList()));
    }

    void bool(String name, Consumer<Boolean> sink) {
        string(name, value -> {
            String lower = value.toLowerCase(Locale.ROOT);
            if (!lower.equals("true") && !lower.equals("false")) {
                throw new IllegalArgumentException("expected true or false, got '" + value + "'");
            }
            sink.accept(Boolean.parseBoolean(lower));
        });
    }

    void integer(String name, Consumer<Integer> sink) {
        string(name, value -> {
            try {
                sink.accept(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number, got '" + value + "'", e);
            }
        });
    }

    void uri(String name, Consumer<URI> sink) {
        string(name, value -> sink.accept(URI.create(value)));
    }

    /** Accepts what {@link Durations#parse} accepts. */
    void duration(String name, Consumer<Duration> sink) {
        string(name, value -> sink.accept(Durations.parse(value)));
    }

    void file(String name, String location, Consumer<String> sink) {
        try {
            sink.accept(JwtConfigParser.readFile(location));
        } catch (IOException | RuntimeException e) {
            problems.add("Parameter '" + display(name) + "': cannot read " + location);
        }
    }

    <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown value '" + value + "', expected one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(c -> c.name().toLowerCase(Locale.ROOT))
                                    .toList(),
                    e);
        }
    }
}
