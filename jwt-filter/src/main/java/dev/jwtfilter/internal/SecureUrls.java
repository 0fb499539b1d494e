package dev.jwtfilter.internal;

import java.net.URI;

/**
 * The one rule for URLs the library fetches from or names to clients: https, or plain http on the loopback host
 * only ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}). Internal, not API. Stateless.
 */
public final class SecureUrls {
    private SecureUrls() {}

    /**
     * @param uri a URL, or {@code null}
     * @return whether it is https, or http on the loopback host
     */
    public static boolean isSecureTransport(URI uri) {
        if (uri == null) {
            return false;
        }
        String scheme = uri.getScheme();
        return "https".equalsIgnoreCase(scheme) || ("http".equalsIgnoreCase(scheme) && isLoopback(uri.getHost()));
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }
}
