package dev.jwtfilter.web.internal;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.Presentation;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.web.CsrfDoubleSubmit;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/**
 * Finds the bearer token of a request (RFC 6750 section 2): the {@code Authorization} header with the
 * {@code Bearer} scheme in any case (RFC 7235 section 2.1), or with {@code DPoP} (RFC 9449 section 7.1) when some
 * trusted issuer accepts DPoP, else the configured cookie, and the
 * {@code access_token} query parameter only when enabled. Two {@code Authorization} headers, two
 * methods at once, an empty token or characters outside RFC 6750's {@code b64token} are a malformed
 * request; a token over the size limit is invalid before any parsing. A token from the cookie on an
 * unsafe method also needs the double-submit CSRF header unless that check is turned off; a browser sends
 * cookies by itself, never an {@code Authorization} header. Thread safe; no regex per request.
 */
public final class BearerTokenResolver {
    /** The header read. */
    public static final String AUTHORIZATION = "Authorization";
    /** The query parameter of RFC 6750 section 2.3. */
    public static final String QUERY_PARAMETER = "access_token";

    private static final System.Logger LOG = System.getLogger(BearerTokenResolver.class.getName());
    private static final String SCHEME = "Bearer";
    /** The scheme of RFC 9449 section 7.1, read only when some trusted issuer accepts DPoP. */
    private static final String DPOP_SCHEME = "DPoP";

    private static final boolean[] TOKEN_CHARS = tokenChars();
    /** An Authorization header of another scheme: no bearer token, but a credential all the same. */
    private static final TokenResolution OTHER_SCHEME = new TokenResolution.Absent();

    private final String cookieName;
    private final boolean queryParameterAllowed;
    private final CsrfDoubleSubmit csrf;
    private final boolean dpopAccepted;

    /**
     * Reads the cookie and CSRF settings and the query-parameter switch from a configuration (the size limit is the
     * core's, {@code JwtAuthenticator}); logs
     * a warning for a token cookie without a {@code __Host-}/{@code __Secure-} prefix or without CSRF check.
     *
     * @param config the configuration to read
     */
    public BearerTokenResolver(JwtConfig config) {
        this.cookieName = config.cookieName().orElse(null);
        this.queryParameterAllowed = config.queryParameterAllowed();
        this.dpopAccepted = config.dpopProofSettings().isPresent();
        this.csrf = cookieName != null && config.cookieCsrf()
                ? new CsrfDoubleSubmit(config.csrfHeaderName(), config.csrfCookieName())
                : null;
        if (cookieName != null) {
            warnAboutCookie(config);
        }
    }

    /**
     * @param request the request
     * @return what the request carries
     */
    public TokenResolution resolve(HttpServletRequest request) {
        TokenResolution fromHeader = fromHeader(request);
        TokenResolution fromQuery = queryParameterAllowed ? fromQuery(request) : TokenResolution.ABSENT;
        if (fromHeader instanceof TokenResolution.Refused || fromQuery instanceof TokenResolution.Refused) {
            return fromHeader instanceof TokenResolution.Refused ? fromHeader : fromQuery;
        }
        if (fromHeader instanceof TokenResolution.Found && fromQuery instanceof TokenResolution.Found) {
            return new TokenResolution.Refused(BearerError.MULTIPLE_TOKENS);
        }
        if (!(fromHeader instanceof TokenResolution.Absent)) {
            return fromHeader;
        }
        if (!(fromQuery instanceof TokenResolution.Absent)) {
            return fromQuery;
        }
        // The cookie is read only when no Authorization header at all is sent, whatever its scheme.
        return cookieName == null || fromHeader == OTHER_SCHEME
                ? TokenResolution.ABSENT
                : csrfChecked(request, fromCookie(request));
    }

    private TokenResolution csrfChecked(HttpServletRequest request, TokenResolution fromCookie) {
        if (csrf == null || !(fromCookie instanceof TokenResolution.Found) || csrf.allows(request)) {
            return fromCookie;
        }
        return new TokenResolution.Refused(BearerError.CSRF_CHECK_FAILED);
    }

    private static void warnAboutCookie(JwtConfig config) {
        String name = config.cookieName().orElseThrow();
        if (!name.startsWith("__Host-") && !name.startsWith("__Secure-")) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Token cookie ''{0}'' has no __Host- prefix: a sibling subdomain or a"
                            + " plain-http page can plant a cookie of that name; prefer __Host-{0}",
                    name);
        }
        if (!config.cookieCsrf()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "CSRF check for the token cookie ''{0}'' is off (jwt.cookie.csrf=false):"
                            + " any web site can make a logged-in browser send authenticated requests",
                    name);
        }
    }

    private TokenResolution fromHeader(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders(AUTHORIZATION);
        if (values == null || !values.hasMoreElements()) {
            return TokenResolution.ABSENT;
        }
        String header = values.nextElement();
        if (values.hasMoreElements()) {
            return new TokenResolution.Refused(BearerError.MULTIPLE_TOKENS);
        }
        if (header == null || header.isBlank()) {
            return new TokenResolution.Refused(BearerError.MALFORMED_HEADER);
        }
        int start = afterScheme(header, SCHEME);
        Presentation.Scheme scheme = Presentation.Scheme.BEARER;
        if (start < 0 && dpopAccepted) {
            start = afterScheme(header, DPOP_SCHEME);
            scheme = Presentation.Scheme.DPOP;
        }
        if (start < 0) {
            return OTHER_SCHEME;
        }
        while (start < header.length() && header.charAt(start) == ' ') {
            start++;
        }
        // A tab or other separator stays in and fails the b64token check.
        return check(header.substring(start), scheme);
    }

    /**
     * @return the index just after the scheme when the header starts with it in any case (RFC 7235 section 2.1)
     *     followed by whitespace or nothing, else -1 (so that "BearerX" is another scheme)
     */
    private static int afterScheme(String header, String scheme) {
        if (!header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return -1;
        }
        if (header.length() > scheme.length() && !Character.isWhitespace(header.charAt(scheme.length()))) {
            return -1;
        }
        return scheme.length();
    }

    private TokenResolution fromQuery(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return TokenResolution.ABSENT;
        }
        String token = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith(QUERY_PARAMETER + "=")) {
                if (token != null) {
                    return new TokenResolution.Refused(BearerError.MULTIPLE_TOKENS);
                }
                token = decode(pair.substring(QUERY_PARAMETER.length() + 1));
                if (token == null) {
                    return new TokenResolution.Refused(BearerError.MALFORMED_HEADER);
                }
            }
        }
        return token == null ? TokenResolution.ABSENT : check(token);
    }

    private TokenResolution fromCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return TokenResolution.ABSENT;
        }
        TokenResolution found = TokenResolution.ABSENT;
        for (Cookie cookie : cookies) {
            if (cookieName.equals(cookie.getName())) {
                if (!(found instanceof TokenResolution.Absent)) {
                    // Two cookies of one name: a sibling domain may have planted one (cookie tossing).
                    return new TokenResolution.Refused(BearerError.MULTIPLE_TOKENS);
                }
                found = check(cookie.getValue());
            }
        }
        return found;
    }

    private TokenResolution check(String token) {
        return check(token, Presentation.Scheme.BEARER);
    }

    private TokenResolution check(String token, Presentation.Scheme scheme) {
        if (token == null || token.isEmpty() || !isB64Token(token)) {
            return new TokenResolution.Refused(BearerError.MALFORMED_HEADER, scheme);
        }
        return new TokenResolution.Found(token, scheme);
    }

    /**
     * RFC 6750 section 2.1: {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
     *
     * @param token the candidate token
     * @return whether the token matches the b64token syntax
     */
    public static boolean isB64Token(String token) {
        int i = 0;
        int n = token.length();
        while (i < n && token.charAt(i) < 128 && TOKEN_CHARS[token.charAt(i)]) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < n && token.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean[] tokenChars() {
        boolean[] table = new boolean[128];
        for (char c = 'A'; c <= 'Z'; c++) {
            table[c] = true;
            table[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            table[c] = true;
        }
        for (char c : "-._~+/".toCharArray()) {
            table[c] = true;
        }
        return table;
    }
}
