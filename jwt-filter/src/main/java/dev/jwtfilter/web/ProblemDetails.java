package dev.jwtfilter.web;

import dev.jwtfilter.error.BearerError;

/**
 * A refusal as an RFC 9457 problem details object of type {@code about:blank}: {@code title} is the status's
 * reason phrase (section 4.2.1; left out for a status without one here), {@code status} the response's (section
 * 3.1.2), {@code detail} our fixed description (section 3.1.4), and RFC 6750's {@code error} and
 * {@code error_description} as extension members (section 3.2), so that a client written against either reads it.
 */
final class ProblemDetails {
    private ProblemDetails() {}

    /**
     * @param error the refusal
     * @return its problem details object as JSON
     */
    static String of(BearerError error) {
        StringBuilder json = new StringBuilder("{\"type\":\"about:blank\"");
        String title = reasonPhrase(error.status());
        if (title != null) {
            json.append(",\"title\":").append(string(title));
        }
        return json.append(",\"status\":")
                .append(error.status())
                .append(",\"detail\":")
                .append(string(error.description()))
                .append(",\"error\":")
                .append(string(error.bodyError()))
                .append(",\"error_description\":")
                .append(string(error.description()))
                .append('}')
                .toString();
    }

    /** The reason phrases of RFC 9110 section 15 for the statuses a refusal can have. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> null;
        };
    }

    /** A JSON string: our phrases need no escaping, but a quote, backslash or control character is escaped. */
    private static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
