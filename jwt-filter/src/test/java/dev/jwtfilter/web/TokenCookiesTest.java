package dev.jwtfilter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.issue.IssuedAccessToken;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class TokenCookiesTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
    private static final String CSRF = "0123456789abcdef-csrf-value";
    private final TokenCookies cookies = TokenCookies.of(TestTokens.config()
            .hmacSecret(TestKeys.HMAC_SECRET)
            .cookieName("__Host-at")
            .build());

    @Test
    void tokenCookieWhenBuiltThenHostPrefixAttributesHttpOnlyAndStrict() {
        assertThat(cookies.tokenCookie(TOKEN, Duration.ofMinutes(15)))
                .isEqualTo("__Host-at=" + TOKEN + "; Path=/; Max-Age=900; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void tokenCookieWhenIssuedTokenThenMaxAgeIsItsLifetime() {
        Instant iat = Instant.parse("2026-11-29T12:00:00Z");

        assertThat(cookies.tokenCookie(new IssuedAccessToken(TOKEN, "id", iat, iat.plusSeconds(600))))
                .isEqualTo("__Host-at=" + TOKEN + "; Path=/; Max-Age=600; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void csrfCookieWhenBuiltThenReadableByScriptSoNotHttpOnly() {
        assertThat(cookies.csrfCookie(CSRF, Duration.ofMinutes(15)))
                .isEqualTo("__Host-csrf=" + CSRF + "; Path=/; Max-Age=900; Secure; SameSite=Strict");
    }

    @Test
    void clearingWhenBuiltThenBothCookiesExpireAtOnceWithTheSameAttributes() {
        assertThat(cookies.clearing())
                .containsExactly(
                        "__Host-at=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict",
                        "__Host-csrf=; Path=/; Max-Age=0; Secure; SameSite=Strict");
    }

    @Test
    void newCsrfValueWhenMadeThenThirtyTwoRandomBytesInBase64Url() {
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            values.add(TokenCookies.newCsrfValue());
        }

        assertThat(values).hasSize(100).allMatch(v -> v.matches("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void addToWhenTokenIssuedThenBothCookiesSetWithTheReturnedCsrfValue() {
        HttpServletResponse response = mock(HttpServletResponse.class);
        Instant iat = Instant.parse("2026-11-29T12:00:00Z");

        String csrf = cookies.addTo(response, new IssuedAccessToken(TOKEN, "id", iat, iat.plusSeconds(60)));

        ArgumentCaptor<String> values = ArgumentCaptor.forClass(String.class);
        verify(response, times(2)).addHeader(eq("Set-Cookie"), values.capture());
        assertThat(values.getAllValues())
                .containsExactly(
                        "__Host-at=" + TOKEN + "; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Strict",
                        "__Host-csrf=" + csrf + "; Path=/; Max-Age=60; Secure; SameSite=Strict");
    }

    @Test
    void buildWhenValueCouldBreakTheHeaderOrIsTooShortThenRefused() {
        assertThatThrownBy(() -> cookies.tokenCookie("a; Domain=evil.example", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("evil");
        assertThatThrownBy(() -> cookies.csrfCookie("short", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cookies.tokenCookie(TOKEN, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofWhenNoTokenCookieConfiguredThenRefused() {
        assertThatThrownBy(() -> TokenCookies.of(
                        TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jwt.cookie");
    }
}
