package dev.jwtfilter.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.Set;

/**
 * The double-submit CSRF check for tokens read from a cookie (OWASP CSRF Prevention Cheat Sheet): on an
 * unsafe method the request must carry a header whose value equals that of a second, script-readable
 * cookie. A browser attaches cookies to a forged cross-site request by itself, but another site can
 * neither read our cookie nor add a custom header without a CORS preflight we never approve. Both values
 * must be present once, at least {@value #MIN_LENGTH} characters long, and are compared in constant time.
 * Public for applications that keep another token in a cookie (the demo's refresh cookie) and want the
 * same check. Thread safe.
 */
public final class CsrfDoubleSubmit {
    /** Shortest accepted CSRF value; {@link TokenCookies} makes 43 characters (256 random bits). */
    public static final int MIN_LENGTH = 16;
    /** RFC 9110 section 9.2.1; method names are case-sensitive, so {@code get} is unsafe. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final String headerName;
    private final String cookieName;

    /**
     * @param headerName the request header that must echo the cookie
     * @param cookieName the script-readable cookie holding the value
     */
    public CsrfDoubleSubmit(String headerName, String cookieName) {
        this.headerName = headerName;
        this.cookieName = cookieName;
    }

    /**
     * @param request the request
     * @return whether the request may use a token read from a cookie: a safe method, or a matching header
     */
    public boolean allows(HttpServletRequest request) {
        String method = request.getMethod();
        if (method != null && SAFE_METHODS.contains(method)) {
            return true;
        }
        String header = single(request.getHeaders(headerName));
        String cookie = cookieValue(request.getCookies());
        return header != null
                && cookie != null
                && header.length() >= MIN_LENGTH
                && cookie.length() >= MIN_LENGTH
                && MessageDigest.isEqual(
                        header.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8));
    }

    private static String single(Enumeration<String> values) {
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        return values.hasMoreElements() ? null : value;
    }

    /** @return the one value of the CSRF cookie; none when absent or sent twice (a tossed cookie) */
    private String cookieValue(Cookie[] cookies) {
        String value = null;
        for (Cookie cookie : cookies == null ? new Cookie[0] : cookies) {
            if (cookieName.equals(cookie.getName())) {
                if (value != null) {
                    return null;
                }
                value = cookie.getValue() == null ? "" : cookie.getValue();
            }
        }
        return value;
    }
}
