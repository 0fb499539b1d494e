package dev.jwtfilter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.error.BearerError;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenResolverTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    private static JwtConfigBuilder config() {
        return TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET);
    }

    private static HttpServletRequest request(String... authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of(authorization)));
        return request;
    }

    private static TokenResolution resolve(HttpServletRequest request) {
        return new BearerTokenResolver(config().build()).resolve(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "bearer ", "BEARER ", "bEaReR ", "Bearer    "})
    void resolveWhenSchemeInAnyCaseThenTokenResolved(String scheme) {
        assertThat(resolve(request(scheme + TOKEN))).isEqualTo(new TokenResolution.Found(TOKEN));
    }

    @Test
    void resolveWhenTokenHasPaddingThenResolved() {
        assertThat(resolve(request("Bearer abc+/~-._=="))).isEqualTo(new TokenResolution.Found("abc+/~-._=="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer  ", "Bearer a b", "Bearer tok\u00e9n", "Bearer a\tb",
            "Bearer ==abc", "Bearer a=b", "Bearer \"abc\"", "Bearer abc,def"})
    void resolveWhenHeaderMalformedThenInvalidRequest(String header) {
        assertThat(resolve(request(header))).isEqualTo(new TokenResolution.Refused(BearerError.MALFORMED_HEADER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YWxpY2U6c2VjcmV0", "BearerX abc", "Token abc", "DPoP abc"})
    void resolveWhenOtherSchemeThenAbsent(String header) {
        assertThat(resolve(request(header))).isInstanceOf(TokenResolution.Absent.class);
    }

    @Test
    void resolveWhenNoHeaderThenAbsent() {
        assertThat(resolve(request())).isInstanceOf(TokenResolution.Absent.class);
    }

    @Test
    void resolveWhenTwoAuthorizationHeadersThenInvalidRequest() {
        assertThat(resolve(request("Bearer " + TOKEN, "Bearer " + TOKEN)))
                .isEqualTo(new TokenResolution.Refused(BearerError.MULTIPLE_TOKENS));
    }

    @Test
    void resolveWhenTokenOverSizeLimitThenInvalidTokenBeforeParsing() {
        BearerTokenResolver resolver = new BearerTokenResolver(config().maxTokenBytes(16).build());

        assertThat(resolver.resolve(request("Bearer " + "a".repeat(17))))
                .isEqualTo(new TokenResolution.Refused(BearerError.INVALID_TOKEN));
        assertThat(resolver.resolve(request("Bearer " + "a".repeat(16)))).isInstanceOf(TokenResolution.Found.class);
    }

    @Test
    void resolveWhenQueryParameterAndNotEnabledThenIgnored() {
        HttpServletRequest request = request();
        when(request.getQueryString()).thenReturn("access_token=" + TOKEN);

        assertThat(resolve(request)).isInstanceOf(TokenResolution.Absent.class);
    }

    @Test
    void resolveWhenQueryParameterEnabledThenResolved() {
        HttpServletRequest request = request();
        when(request.getQueryString()).thenReturn("a=1&access_token=" + TOKEN);

        assertThat(new BearerTokenResolver(config().queryParameterAllowed(true).build()).resolve(request))
                .isEqualTo(new TokenResolution.Found(TOKEN));
    }

    @Test
    void resolveWhenHeaderAndQueryParameterThenInvalidRequest() {
        HttpServletRequest request = request("Bearer " + TOKEN);
        when(request.getQueryString()).thenReturn("access_token=" + TOKEN);

        assertThat(new BearerTokenResolver(config().queryParameterAllowed(true).build()).resolve(request))
                .isEqualTo(new TokenResolution.Refused(BearerError.MULTIPLE_TOKENS));
    }

    @Test
    void resolveWhenCookieConfiguredAndNoHeaderThenCookieRead() {
        HttpServletRequest request = request();
        when(request.getCookies()).thenReturn(new Cookie[] {new Cookie("other", "x"), new Cookie("at", TOKEN)});

        assertThat(new BearerTokenResolver(config().cookieName("at").build()).resolve(request))
                .isEqualTo(new TokenResolution.Found(TOKEN));
        assertThat(resolve(request)).isInstanceOf(TokenResolution.Absent.class);
    }

    @Test
    void resolveWhenHeaderEmptyOrBearerFollowedByTabThenInvalidRequest() {
        assertThat(resolve(request(""))).isEqualTo(new TokenResolution.Refused(BearerError.MALFORMED_HEADER));
        assertThat(resolve(request("Bearer\t" + TOKEN))).isEqualTo(new TokenResolution.Refused(BearerError.MALFORMED_HEADER));
    }

    @Test
    void resolveWhenOtherSchemeHeaderSentThenCookieNotRead() {
        HttpServletRequest request = request("Basic YWxpY2U6c2VjcmV0");
        when(request.getCookies()).thenReturn(new Cookie[] {new Cookie("at", TOKEN)});

        assertThat(new BearerTokenResolver(config().cookieName("at").build()).resolve(request))
                .isInstanceOf(TokenResolution.Absent.class);
    }

    @Test
    void resolveWhenCookieSentTwiceThenInvalidRequest() {
        HttpServletRequest request = request();
        when(request.getCookies()).thenReturn(new Cookie[] {new Cookie("at", TOKEN), new Cookie("at", TOKEN + "x")});

        assertThat(new BearerTokenResolver(config().cookieName("at").build()).resolve(request))
                .isEqualTo(new TokenResolution.Refused(BearerError.MULTIPLE_TOKENS));
    }

    @Test
    void toStringWhenFoundThenTokenHidden() {
        assertThat(new TokenResolution.Found(TOKEN).toString()).doesNotContain(TOKEN);
    }
}
