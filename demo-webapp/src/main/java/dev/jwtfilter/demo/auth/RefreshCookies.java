package dev.jwtfilter.demo.auth;

import dev.jwtfilter.refresh.IssuedRefreshToken;
import dev.jwtfilter.web.CsrfDoubleSubmit;
import dev.jwtfilter.web.TokenCookies;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The refresh token kept where a browser page's script cannot reach it: an {@code HttpOnly;
 * SameSite=Strict} cookie whose {@code Path} is the auth endpoints only, with a double-submit CSRF check
 * (OWASP CSRF Prevention Cheat Sheet) on the requests that use it. A client opts in at login with the
 * {@value #OPT_IN_HEADER}{@code : 1} header; a custom header needs a CORS preflight, so another site's form
 * cannot opt a browser in. Over https the cookies are {@code __Secure-jwt-demo-refresh} and
 * {@code __Host-jwt-demo-csrf}, both {@code Secure}; over plain http ({@code http://localhost}) they are
 * {@code jwt-demo-refresh} and {@code jwt-demo-csrf}, without {@code Secure}, so every browser keeps them.
 * The refresh cookie cannot take the {@code __Host-} prefix, which demands {@code Path=/}. Thread safe.
 */
final class RefreshCookies {
    /** The request header that asks login to set the cookies instead of returning the refresh token. */
    static final String OPT_IN_HEADER = "X-Refresh-Cookie";
    /** The request header that must echo the CSRF cookie whenever the refresh cookie is used. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    static final String SECURE_REFRESH_COOKIE = "__Secure-jwt-demo-refresh";
    static final String PLAIN_REFRESH_COOKIE = "jwt-demo-refresh";
    static final String SECURE_CSRF_COOKIE = "__Host-jwt-demo-csrf";
    static final String PLAIN_CSRF_COOKIE = "jwt-demo-csrf";

    private final boolean secure;
    private final String refreshPath;
    private final Clock clock;

    RefreshCookies(boolean secure, String contextPath, Clock clock) {
        this.secure = secure;
        this.refreshPath = contextPath + "/auth";
        this.clock = clock;
    }

    /** @return the cookies for a request: secure names over https, plain ones over http */
    static RefreshCookies of(HttpServletRequest request) {
        return new RefreshCookies(request.isSecure(), request.getContextPath(), Clock.systemUTC());
    }

    /** @return whether the client asked login for the refresh token in a cookie */
    static boolean requested(HttpServletRequest request) {
        return "1".equals(request.getHeader(OPT_IN_HEADER));
    }

    String refreshCookieName() {
        return secure ? SECURE_REFRESH_COOKIE : PLAIN_REFRESH_COOKIE;
    }

    String csrfCookieName() {
        return secure ? SECURE_CSRF_COOKIE : PLAIN_CSRF_COOKIE;
    }

    /** @return the refresh token from its cookie; empty when absent, empty or sent twice (a tossed cookie) */
    Optional<String> token(HttpServletRequest request) {
        return single(request.getCookies(), refreshCookieName()).filter(value -> !value.isEmpty());
    }

    /**
     * @return whether the {@value #CSRF_HEADER} header is sent once and equals the CSRF cookie: the library's
     *         own double-submit check, the one the filter applies to access-token cookies
     */
    boolean csrfAllows(HttpServletRequest request) {
        return new CsrfDoubleSubmit(CSRF_HEADER, csrfCookieName()).allows(request);
    }

    /** Sets the refresh cookie and a fresh CSRF cookie, both kept until the token's family expires. */
    void set(HttpServletResponse response, IssuedRefreshToken refresh) {
        Duration maxAge = Duration.between(clock.instant(), refresh.familyExpiresAt());
        response.addHeader("Set-Cookie", refreshCookie(refresh.token(), maxAge));
        response.addHeader("Set-Cookie", csrfCookie(TokenCookies.newCsrfValue(), maxAge));
    }

    /** Deletes both cookies. */
    void clear(HttpServletResponse response) {
        response.addHeader("Set-Cookie", refreshCookie("", Duration.ZERO));
        response.addHeader("Set-Cookie", csrfCookie("", Duration.ZERO));
    }

    String refreshCookie(String token, Duration maxAge) {
        return refreshCookieName() + "=" + token + "; Path=" + refreshPath + attributes(maxAge)
                + "; HttpOnly; SameSite=Strict";
    }

    /** Not {@code HttpOnly}: the page reads it to echo it. {@code Path=/} so a page anywhere on the host can. */
    String csrfCookie(String value, Duration maxAge) {
        return csrfCookieName() + "=" + value + "; Path=/" + attributes(maxAge) + "; SameSite=Strict";
    }

    private String attributes(Duration maxAge) {
        return "; Max-Age=" + Math.max(0, maxAge.toSeconds()) + (secure ? "; Secure" : "");
    }

    private static Optional<String> single(Cookie[] cookies, String name) {
        String value = null;
        for (Cookie cookie : cookies == null ? new Cookie[0] : cookies) {
            if (name.equals(cookie.getName())) {
                if (value != null) {
                    return Optional.empty();
                }
                value = cookie.getValue() == null ? "" : cookie.getValue();
            }
        }
        return Optional.ofNullable(value);
    }
}
