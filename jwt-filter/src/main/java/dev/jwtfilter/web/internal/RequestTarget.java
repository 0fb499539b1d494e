package dev.jwtfilter.web.internal;

import dev.jwtfilter.config.JwtConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Enumeration;
import java.util.Locale;

/**
 * The URI a client addressed a request to, which a DPoP proof's {@code htu} must name (RFC 9449 section 4.3):
 * by default the request URL as the container sees it ({@code getRequestURL()}, scheme, host and port from the
 * connection and the {@code Host} header); with {@code jwt.dpop.external-url} that origin followed by the
 * request's path; with {@code jwt.dpop.forwarded-headers} the scheme and host of the last {@code Forwarded}
 * element (the one the proxy in front of the container wrote), else of the last {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Port} values, each falling back to the request's own; a request
 * carrying both families is ambiguous (one of them came from the client) and makes no URI. A value that is not a plain scheme or host makes no URI, and the proof is refused.
 * Query and fragment play no part. Thread safe.
 */
final class RequestTarget {
    private final URI externalOrigin;
    private final boolean forwardedHeaders;

    RequestTarget(JwtConfig config) {
        this.externalOrigin = config.dpopExternalUrl().orElse(null);
        this.forwardedHeaders = config.dpopForwardedHeaders();
    }

    /**
     * @param request the request
     * @return the absolute URI the client addressed, without query, or {@code null} when none can be made
     */
    URI of(HttpServletRequest request) {
        try {
            if (externalOrigin != null) {
                return new URI(externalOrigin.getScheme() + "://" + externalOrigin.getRawAuthority()
                        + request.getRequestURI());
            }
            if (forwardedHeaders) {
                return forwarded(request);
            }
            return new URI(request.getRequestURL().toString());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static URI forwarded(HttpServletRequest request) throws URISyntaxException {
        String proto = null;
        String host = null;
        String forwarded = last(request, "Forwarded");
        boolean xForwarded = last(request, "X-Forwarded-Proto") != null || last(request, "X-Forwarded-Host") != null;
        if (forwarded != null && xForwarded) {
            return null;
        }
        if (forwarded != null) {
            for (String pair : forwarded.split(";")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? "" : pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : unquote(pair.substring(eq + 1).strip());
                if (name.equals("proto")) {
                    proto = value;
                } else if (name.equals("host")) {
                    host = value;
                }
            }
        } else {
            proto = last(request, "X-Forwarded-Proto");
            host = last(request, "X-Forwarded-Host");
            String port = last(request, "X-Forwarded-Port");
            if (host != null && port != null && !hasPort(host) && port.chars().allMatch(Character::isDigit)) {
                host = host + ':' + port;
            }
        }
        String scheme = proto == null ? request.getScheme() : proto.toLowerCase(Locale.ROOT);
        String authority = host == null ? hostOf(request) : host;
        if (!(scheme.equals("https") || scheme.equals("http")) || !isAuthority(authority)) {
            return null;
        }
        return new URI(scheme + "://" + authority + request.getRequestURI());
    }

    /**
     * @return the last element of the last header of that name: the one the proxy in front of the container
     *     appended, after anything the client sent
     */
    private static String last(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        String last = null;
        while (values != null && values.hasMoreElements()) {
            String value = values.nextElement();
            if (value != null) {
                last = value;
            }
        }
        if (last == null) {
            return null;
        }
        String element = last.substring(last.lastIndexOf(',') + 1).strip();
        return element.isEmpty() ? null : element;
    }

    /** A host with a port: {@code name:port} or {@code [v6]:port}. */
    private static boolean hasPort(String host) {
        return host.startsWith("[") ? host.contains("]:") : host.indexOf(':') >= 0;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    private static String hostOf(HttpServletRequest request) {
        String host = request.getServerName();
        int port = request.getServerPort();
        boolean defaultPort = port <= 0
                || (port == 443 && "https".equals(request.getScheme()))
                || (port == 80 && "http".equals(request.getScheme()));
        String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return defaultPort ? name : name + ':' + port;
    }

    /** A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing that could change the path. */
    private static boolean isAuthority(String value) {
        if (value == null || value.isEmpty() || value.length() > 255) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == ':'
                    || c == '['
                    || c == ']';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
