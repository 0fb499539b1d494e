package dev.jwtfilter.demo;

import dev.jwtfilter.config.Durations;
import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The demo's settings. Each is read from the servlet context's init-parameter of the same name (so one
 * deployment can differ from another in the same JVM), else the system property, else the environment
 * variable, else its default. Names and defaults are listed in README.md.
 */
public final class DemoSettings {
    /** Data directory for the generated signing key and the H2 refresh-token store. */
    public static final String DATA = "JWT_DEMO_DATA";
    /** Private JWK set file to sign with instead of a generated key. */
    public static final String SIGNING_KEY_FILE = "JWT_SIGNING_KEY_FILE";
    /** Algorithm of a generated signing key. */
    public static final String SIGNING_ALGORITHM = "JWT_SIGNING_ALG";
    /** HS256 mode: the shared secret. */
    public static final String HMAC_SECRET = "JWT_HMAC_SECRET";
    /** Access-token lifetime. */
    public static final String ACCESS_TTL = "JWT_ACCESS_TOKEN_TTL";
    /** Refresh-token family absolute lifetime. */
    public static final String REFRESH_TTL = "JWT_REFRESH_TOKEN_TTL";
    /** Refresh-token family idle timeout. */
    public static final String REFRESH_IDLE = "JWT_REFRESH_IDLE_TIMEOUT";
    /** Rotations one refresh-token family may make per minute; more are answered 429. */
    public static final String REFRESH_MAX_PER_MINUTE = "JWT_REFRESH_MAX_PER_MINUTE";
    /** Time between purges of dead refresh-token families. */
    public static final String REFRESH_PURGE_INTERVAL = "JWT_REFRESH_PURGE_INTERVAL";
    /** JDBC URL of a PostgreSQL database for refresh tokens (several nodes). */
    public static final String DB_URL = "JWT_DB_URL";
    /** Database user. */
    public static final String DB_USER = "JWT_DB_USER";
    /** Database password. */
    public static final String DB_PASSWORD = "JWT_DB_PASSWORD";
    /** Users file replacing the built-in demo users. */
    public static final String USERS_FILE = "JWT_DEMO_USERS";
    /** Failed logins per user before a lockout. */
    public static final String MAX_FAILURES_PER_USER = "JWT_LOGIN_MAX_FAILURES";
    /** Failed logins per client address before a lockout. */
    public static final String MAX_FAILURES_PER_ADDRESS = "JWT_LOGIN_MAX_FAILURES_PER_ADDRESS";
    /** The most of one CPU core that password hashing may use (0 to 1). */
    public static final String HASH_CPU = "JWT_LOGIN_HASH_CPU";
    /** How long a lockout lasts, and the window failures are counted in. */
    public static final String LOCKOUT = "JWT_LOGIN_LOCKOUT";
    /**
     * The demo's public base URL, which is its issuer ({@code iss}, RFC 8414 section 2) and the base of the
     * endpoints its authorization server metadata names (see {@link DemoIssuer}).
     */
    public static final String ISSUER = "JWT_ISSUER";
    /** The resource identifier of its protected resource metadata (RFC 9728); default the issuer. */
    public static final String RESOURCE = "JWT_RESOURCE";

    private final Function<String, String> lookup;

    DemoSettings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** @return settings read from a servlet context, then system properties, then the environment */
    public static DemoSettings from(ServletContext context) {
        return new DemoSettings(
                name -> firstSet(context.getInitParameter(name), System.getProperty(name), System.getenv(name)));
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** @return the raw value, if set */
    public Optional<String> get(String name) {
        return Optional.ofNullable(lookup.apply(name));
    }

    /** @return the value or a default */
    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    /** @return a duration setting ({@code 60}, {@code 30s}, {@code 15m}, {@code 14d}, {@code PT5M}) */
    public Duration duration(String name, Duration fallback) {
        return parsed(name, fallback, Durations::parse, "a duration");
    }

    /** @return a whole-number setting */
    public int integer(String name, int fallback) {
        return parsed(name, fallback, Integer::parseInt, "a whole number");
    }

    /** @return a decimal setting */
    public double decimal(String name, double fallback) {
        return parsed(name, fallback, Double::parseDouble, "a number");
    }

    private <T> T parsed(String name, T fallback, Function<String, T> parser, String expected) {
        return get(name)
                .map(value -> {
                    try {
                        return parser.apply(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(
                                name + ": expected " + expected + ", got '" + value + "'", e);
                    }
                })
                .orElse(fallback);
    }

    /** @return the data directory */
    public Path dataDirectory() {
        return Path.of(get(DATA, "./jwt-demo-data"));
    }
}
