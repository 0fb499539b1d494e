package dev.jwtfilter.proof;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The form in which a proof's {@code htu} and the request's URI are compared (RFC 9449 section 4.3): query and
 * fragment dropped, then the syntax-based and scheme-based normalizations of RFC 3986 sections 6.2.2 and 6.2.3.
 * Scheme and host in lower case, percent-encodings in upper case with the unreserved characters decoded, dot
 * segments removed, the scheme's default port dropped and an empty path made {@code /}. Everything else of the
 * path is kept exactly: it is taken raw ({@link URI#getRawPath()}), never decoded, so {@code %2F} stays distinct
 * from {@code /}. Only absolute {@code http} and {@code https} URIs with a host qualify. Stateless.
 */
final class TargetUri {
    private static final String HEX = "0123456789ABCDEF";

    private TargetUri() {}

    /**
     * @param text an absolute http(s) URI
     * @return its normalized form without query and fragment, or empty when it is not an absolute http(s) URI
     *     with a host
     */
    static Optional<String> normalize(String text) {
        try {
            return normalize(new URI(text));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * @param uri an absolute http(s) URI
     * @return its normalized form without query and fragment, or empty when it does not qualify
     */
    static Optional<String> normalize(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : 0;
        if (defaultPort == 0 || uri.isOpaque() || uri.getHost() == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append(uri.getRawUserInfo()).append('@');
        }
        out.append(uri.getHost().toLowerCase(Locale.ROOT));
        if (uri.getPort() != -1 && uri.getPort() != defaultPort) {
            out.append(':').append(uri.getPort());
        }
        return Optional.of(out.append(path(uri.getRawPath())).toString());
    }

    private static String path(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        String decoded = percentEncodings(rawPath);
        // Dot segments may only be removed once unreserved characters (%2E) are decoded (RFC 3986 section 6.2.2.3).
        return URI.create("http://h" + decoded).normalize().getRawPath();
    }

    /** Upper-case hex digits, and decodes the percent-encodings of unreserved characters (RFC 3986 6.2.2.1, 6.2.2.2). */
    private static String percentEncodings(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int value = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                if (unreserved((char) value)) {
                    out.append((char) value);
                } else {
                    out.append('%').append(HEX.charAt(value >> 4)).append(HEX.charAt(value & 15));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
