package dev.jwtfilter.web;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.issue.IssuedAccessToken;
import dev.jwtfilter.web.internal.BearerTokenResolver;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Builds the {@code Set-Cookie} values (RFC 6265) an application's login, refresh and logout endpoints send
 * when browsers keep the access token in a cookie; the filter itself only reads cookies. The token cookie
 * is {@code Secure; HttpOnly; SameSite=Strict} with {@code Path=/} and no {@code Domain}, so a
 * {@code __Host-} name is accepted by browsers (RFC 6265bis section 4.1.3.2); the CSRF cookie has the same
 * attributes except {@code HttpOnly}, so the page's script can read it and echo it in the CSRF header.
 * Browsers treat {@code http://localhost} as a secure context and keep {@code Secure} cookies from it, so
 * this works in local development without TLS. Immutable and thread safe.
 */
public final class TokenCookies {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CSRF_BYTES = 32;

    private final String tokenCookieName;
    private final String csrfCookieName;

    private TokenCookies(String tokenCookieName, String csrfCookieName) {
        this.tokenCookieName = tokenCookieName;
        this.csrfCookieName = csrfCookieName;
    }

    /**
     * @param config the configuration the filter reads
     * @return cookies named as the filter reads them: {@code jwt.cookie} and {@code jwt.cookie.csrf-cookie}
     * @throws IllegalArgumentException if the configuration reads no token cookie
     */
    public static TokenCookies of(JwtConfig config) {
        String name = config.cookieName()
                .orElseThrow(() -> new IllegalArgumentException("No token cookie configured (jwt.cookie)"));
        return new TokenCookies(name, config.csrfCookieName());
    }

    /**
     * @param token the token; must be a b64token
     * @param maxAge how long the browser keeps the cookie (sent in whole seconds); not negative
     * @return the {@code Set-Cookie} value carrying the token, kept for {@code maxAge} (whole seconds)
     */
    public String tokenCookie(String token, Duration maxAge) {
        if (token == null || !BearerTokenResolver.isB64Token(token)) {
            throw new IllegalArgumentException("Not a token that can be sent in a cookie");
        }
        return tokenCookieName + "=" + token + attributes(maxAge) + "; HttpOnly; SameSite=Strict";
    }

    /**
     * @param token the issued token
     * @return the {@code Set-Cookie} value carrying an issued token, kept until its {@code exp}
     */
    public String tokenCookie(IssuedAccessToken token) {
        return tokenCookie(token.token(), Duration.ofSeconds(token.expiresInSeconds()));
    }

    /**
     * @param csrfValue the CSRF value: {@link CsrfDoubleSubmit#MIN_LENGTH} or more base64url characters
     * @param maxAge how long the browser keeps the cookie (sent in whole seconds); not negative
     * @return the {@code Set-Cookie} value of the script-readable CSRF cookie, kept for {@code maxAge}
     */
    public String csrfCookie(String csrfValue, Duration maxAge) {
        if (csrfValue == null
                || csrfValue.length() < CsrfDoubleSubmit.MIN_LENGTH
                || !BearerTokenResolver.isB64Token(csrfValue)) {
            throw new IllegalArgumentException(
                    "A CSRF value needs " + CsrfDoubleSubmit.MIN_LENGTH + " or more base64url characters");
        }
        return csrfCookieName + "=" + csrfValue + attributes(maxAge) + "; SameSite=Strict";
    }

    /** @return a fresh CSRF value: 32 random bytes, base64url without padding (43 characters) */
    public static String newCsrfValue() {
        byte[] bytes = new byte[CSRF_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return the two {@code Set-Cookie} values that delete both cookies, for logout */
    public List<String> clearing() {
        return List.of(
                tokenCookieName + "=" + attributes(Duration.ZERO) + "; HttpOnly; SameSite=Strict",
                csrfCookieName + "=" + attributes(Duration.ZERO) + "; SameSite=Strict");
    }

    /**
     * Adds the token cookie and a fresh CSRF cookie to a response, both kept until the token expires.
     *
     * @param response the response to add the cookies to
     * @param token the issued token
     * @return the CSRF value, for a login response that also wants to hand it to the page in its body
     */
    public String addTo(HttpServletResponse response, IssuedAccessToken token) {
        String csrfValue = newCsrfValue();
        Duration maxAge = Duration.ofSeconds(token.expiresInSeconds());
        response.addHeader("Set-Cookie", tokenCookie(token.token(), maxAge));
        response.addHeader("Set-Cookie", csrfCookie(csrfValue, maxAge));
        return csrfValue;
    }

    /**
     * Adds the two deleting {@code Set-Cookie} headers to a response.
     *
     * @param response the response to add the headers to
     */
    public void clear(HttpServletResponse response) {
        clearing().forEach(value -> response.addHeader("Set-Cookie", value));
    }

    private static String attributes(Duration maxAge) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("A cookie lifetime must not be negative");
        }
        // Secure, Path=/ and no Domain are exactly what the __Host- prefix demands.
        return "; Path=/; Max-Age=" + maxAge.toSeconds() + "; Secure";
    }
}
