package dev.jwtfilter.demo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The cookie values themselves; how the endpoints use them is in {@code RefreshCookieFlowTest}. */
class RefreshCookiesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void refreshCookieWhenPlainHttpThenHttpOnlyStrictScopedToAuthWithoutSecure() {
        RefreshCookies cookies = new RefreshCookies(false, "", CLOCK);

        assertThat(cookies.refreshCookie("abc", Duration.ofDays(14)))
                .isEqualTo("jwt-demo-refresh=abc; Path=/auth; Max-Age=1209600; HttpOnly; SameSite=Strict");
        assertThat(cookies.csrfCookie("xyz", Duration.ofDays(14)))
                .isEqualTo("jwt-demo-csrf=xyz; Path=/; Max-Age=1209600; SameSite=Strict");
    }

    @Test
    void refreshCookieWhenHttpsThenSecurePrefixesAndSecureAttribute() {
        RefreshCookies cookies = new RefreshCookies(true, "", CLOCK);

        assertThat(cookies.refreshCookie("abc", Duration.ofMinutes(1)))
                .isEqualTo("__Secure-jwt-demo-refresh=abc; Path=/auth; Max-Age=60; Secure; HttpOnly; SameSite=Strict");
        // __Host- demands Secure, Path=/ and no Domain (RFC 6265bis section 4.1.3.2).
        assertThat(cookies.csrfCookie("xyz", Duration.ofMinutes(1)))
                .isEqualTo("__Host-jwt-demo-csrf=xyz; Path=/; Max-Age=60; Secure; SameSite=Strict");
    }

    @Test
    void refreshCookieWhenDeployedUnderContextPathThenScopedToItsAuthPath() {
        RefreshCookies cookies = new RefreshCookies(false, "/jwt-demo", CLOCK);

        assertThat(cookies.refreshCookie("abc", Duration.ofSeconds(5))).contains("; Path=/jwt-demo/auth;");
    }

    @Test
    void refreshCookieWhenLifetimeNegativeThenMaxAgeZero() {
        RefreshCookies cookies = new RefreshCookies(false, "", CLOCK);

        assertThat(cookies.refreshCookie("abc", Duration.ofSeconds(-5))).contains("; Max-Age=0;");
    }
}
