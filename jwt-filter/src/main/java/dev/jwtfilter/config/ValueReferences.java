package dev.jwtfilter.config;

import java.util.List;
import java.util.function.Function;

/**
 * Resolves a parameter value that is wholly a reference: {@code ${NAME}} (the system property, else the
 * environment variable), {@code ${env:NAME}} or {@code ${sys:name}}, each with an optional default after
 * {@code :} ({@code ${NAME:default}}, as Spring and MicroProfile Config write it) or after {@code :-}
 * ({@code ${NAME:-default}}, the shell's form). Standalone Tomcat's digester replaces {@code ${NAME:-default}}
 * in {@code web.xml} from system properties before the filter sees it, but leaves {@code ${NAME}} and
 * {@code ${NAME:default}} alone unless a system property of that exact name is set; so the {@code :} form
 * reads the environment on every container. A secret ({@code hmac-secret}, {@code nonce-secret}) takes no default, and
 * {@code ${ENV:X}}-like misspellings of a source are refused rather than read as a variable with a literal
 * default. Stateless and thread safe.
 */
final class ValueReferences {
    /**
     * What the names of secret parameters end with ({@code jwt.hmac-secret}, {@code jwt.issuers.NAME.hmac-secret},
     * {@code jwt.dpop.nonce-secret}).
     */
    private static final String SECRET_SUFFIX = "-secret";
    /** Names that mean a source in other tools' syntax; as a variable name with a default they are a typo. */
    private static final java.util.Set<String> SOURCE_LOOKALIKES =
            java.util.Set.of("env", "sys", "environment", "system", "sysprop", "sysprops", "prop", "property", "file");

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;

    ValueReferences(Function<String, String> environment, Function<String, String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /**
     * @param name the parameter, for problems
     * @param raw the value as written, stripped
     * @return the value to use, or {@code null} after adding a problem (never the literal of a broken reference)
     */
    String resolve(String name, String raw, List<String> problems) {
        if (!raw.startsWith("${") || !raw.endsWith("}")) {
            if (raw.contains("${")) {
                // A reference with a typo must never be taken literally: it could become a public "secret".
                problems.add("Parameter '" + name + "' holds an incomplete reference; use the whole value ${NAME}");
                return null;
            }
            return raw;
        }
        String ref = raw.substring(2, raw.length() - 1);
        String source = ref.startsWith("env:") || ref.startsWith("sys:") ? ref.substring(0, 3) : "";
        String rest = source.isEmpty() ? ref : ref.substring(4);
        int colon = rest.indexOf(':');
        String key = colon < 0 ? rest : rest.substring(0, colon);
        if (key.isBlank() || source.isEmpty() && colon >= 0 && isMisspeltSource(key)) {
            // ${ENV:X} would otherwise read a variable named ENV and fall back to the literal X: a public value.
            problems.add("Parameter '" + name + "' refers to " + raw + "; use ${NAME}, ${env:NAME} or ${sys:name}");
            return null;
        }
        String fallback = colon < 0 ? "" : fallback(rest.substring(colon + 1));
        if (!fallback.isEmpty() && name.endsWith(SECRET_SUFFIX)) {
            // A default stands in web.xml, inside the WAR: as a secret it would be public.
            problems.add("Parameter '" + name + "' is a secret and takes no default; use ${env:NAME} alone");
            return null;
        }
        String value = lookUp(source, key);
        if (value == null || value.isBlank()) {
            value = fallback;
        }
        if (value == null || value.isBlank()) {
            problems.add("Parameter '" + name + "' refers to " + raw + ", which is not set");
            return null;
        }
        return value;
    }

    private String lookUp(String source, String key) {
        return switch (source) {
            case "env" -> environment.apply(key);
            case "sys" -> systemProperties.apply(key);
            default -> {
                String property = systemProperties.apply(key);
                yield property == null || property.isBlank() ? environment.apply(key) : property;
            }
        };
    }

    private static boolean isMisspeltSource(String key) {
        return SOURCE_LOOKALIKES.contains(key.toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code :-default} keeps the shell's meaning, so a default written that way loses its leading {@code -}. */
    private static String fallback(String afterColon) {
        return afterColon.startsWith("-") ? afterColon.substring(1) : afterColon;
    }
}
