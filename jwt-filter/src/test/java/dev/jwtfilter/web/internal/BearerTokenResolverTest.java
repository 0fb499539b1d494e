package dev.jwtfilter.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.error.BearerError;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
    @ValueSource(
            strings = {
                "Bearer",
                "Bearer ",
                "Bearer  ",
                "Bearer a b",
                "Bearer tok\u00e9n",
                "Bearer a\tb",
                "Bearer ==abc",
                "Bearer a=b",
                "Bearer \"abc\"",
                "Bearer abc,def"
            })
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
    void resolveWhenTokenOverSizeLimitThenFoundForTheCoreToRefuse() {
        BearerTokenResolver resolver =
                new BearerTokenResolver(config().maxTokenBytes(16).build());

        // One size check, in the core (JwtAuthenticator): the resolver only reads the request.
        assertThat(resolver.resolve(request("Bearer " + "a".repeat(17)))).isInstanceOf(TokenResolution.Found.class);
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
        when(request.getMethod()).thenReturn("GET");
        when(request.getCookies()).thenReturn(new Cookie[] {new Cookie("other", "x"), new Cookie("at", TOKEN)});

        assertThat(new BearerTokenResolver(config().cookieName("at").build()).resolve(request))
                .isEqualTo(new TokenResolution.Found(TOKEN));
        assertThat(resolve(request)).isInstanceOf(TokenResolution.Absent.class);
    }

    @Test
    void resolveWhenHeaderEmptyOrBearerFollowedByTabThenInvalidRequest() {
        assertThat(resolve(request(""))).isEqualTo(new TokenResolution.Refused(BearerError.MALFORMED_HEADER));
        assertThat(resolve(request("Bearer\t" + TOKEN)))
                .isEqualTo(new TokenResolution.Refused(BearerError.MALFORMED_HEADER));
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

    private static final String CSRF = "0123456789abcdef-csrf-value";

    private static HttpServletRequest cookieRequest(String method, List<String> csrfHeaders, Cookie... cookies) {
        HttpServletRequest request = request();
        when(request.getMethod()).thenReturn(method);
        when(request.getCookies()).thenReturn(cookies);
        when(request.getHeaders("X-CSRF-Token")).thenReturn(Collections.enumeration(csrfHeaders));
        return request;
    }

    private static TokenResolution resolveHostCookie(HttpServletRequest request) {
        return new BearerTokenResolver(config().cookieName("__Host-at").build()).resolve(request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE"})
    void resolveWhenCookieTokenAndSafeMethodThenNoCsrfHeaderNeeded(String method) {
        assertThat(resolveHostCookie(cookieRequest(method, List.of(), new Cookie("__Host-at", TOKEN))))
                .isEqualTo(new TokenResolution.Found(TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "get", "PROPFIND"})
    void resolveWhenCookieTokenAndUnsafeMethodWithoutCsrfHeaderThenForbidden(String method) {
        assertThat(resolveHostCookie(cookieRequest(
                        method, List.of(), new Cookie("__Host-at", TOKEN), new Cookie("__Host-csrf", CSRF))))
                .isEqualTo(new TokenResolution.Refused(BearerError.CSRF_CHECK_FAILED));
    }

    @Test
    void resolveWhenCookieTokenAndCsrfHeaderEchoesCsrfCookieThenFound() {
        assertThat(resolveHostCookie(cookieRequest(
                        "POST", List.of(CSRF), new Cookie("__Host-at", TOKEN), new Cookie("__Host-csrf", CSRF))))
                .isEqualTo(new TokenResolution.Found(TOKEN));
    }

    @Test
    void resolveWhenCsrfHeaderDiffersOrCsrfCookieMissingThenForbidden() {
        Cookie token = new Cookie("__Host-at", TOKEN);
        Cookie csrfCookie = new Cookie("__Host-csrf", CSRF);
        TokenResolution.Refused refused = new TokenResolution.Refused(BearerError.CSRF_CHECK_FAILED);

        assertThat(resolveHostCookie(cookieRequest("POST", List.of(CSRF + "x"), token, csrfCookie)))
                .isEqualTo(refused);
        assertThat(resolveHostCookie(cookieRequest("POST", List.of(CSRF), token)))
                .isEqualTo(refused);
        assertThat(resolveHostCookie(cookieRequest("POST", List.of(CSRF), token, new Cookie("csrf", CSRF))))
                .isEqualTo(refused);
        assertThat(resolveHostCookie(cookieRequest("POST", List.of(CSRF, CSRF), token, csrfCookie)))
                .isEqualTo(refused);
        assertThat(resolveHostCookie(
                        cookieRequest("POST", List.of(CSRF), token, csrfCookie, new Cookie("__Host-csrf", CSRF))))
                .isEqualTo(refused);
    }

    @Test
    void resolveWhenCsrfValuesMatchButShorterThanMinimumThenForbidden() {
        String shortValue = "a".repeat(15);

        assertThat(resolveHostCookie(cookieRequest(
                        "POST",
                        List.of(shortValue),
                        new Cookie("__Host-at", TOKEN),
                        new Cookie("__Host-csrf", shortValue))))
                .isEqualTo(new TokenResolution.Refused(BearerError.CSRF_CHECK_FAILED));
        assertThat(resolveHostCookie(cookieRequest(
                        "POST", List.of(""), new Cookie("__Host-at", TOKEN), new Cookie("__Host-csrf", ""))))
                .isEqualTo(new TokenResolution.Refused(BearerError.CSRF_CHECK_FAILED));
    }

    @Test
    void resolveWhenTokenInAuthorizationHeaderAndUnsafeMethodThenNoCsrfHeaderNeeded() {
        HttpServletRequest request = request("Bearer " + TOKEN);
        when(request.getMethod()).thenReturn("POST");
        when(request.getCookies()).thenReturn(new Cookie[] {new Cookie("__Host-at", TOKEN + "x")});

        assertThat(resolveHostCookie(request)).isEqualTo(new TokenResolution.Found(TOKEN));
    }

    @Test
    void resolveWhenCsrfCheckTurnedOffThenCookieTokenFoundOnUnsafeMethod() {
        HttpServletRequest request = cookieRequest("DELETE", List.of(), new Cookie("at", TOKEN));

        assertThat(new BearerTokenResolver(
                                config().cookieName("at").cookieCsrf(false).build())
                        .resolve(request))
                .isEqualTo(new TokenResolution.Found(TOKEN));
    }

    @Test
    void resolveWhenCsrfHeaderAndCookieNamesConfiguredThenThoseAreRead() {
        HttpServletRequest request = request();
        when(request.getMethod()).thenReturn("PUT");
        when(request.getCookies()).thenReturn(new Cookie[] {new Cookie("at", TOKEN), new Cookie("XSRF-TOKEN", CSRF)});
        when(request.getHeaders("X-XSRF-TOKEN")).thenReturn(Collections.enumeration(List.of(CSRF)));
        BearerTokenResolver resolver = new BearerTokenResolver(config().cookieName("at")
                .csrfHeaderName("X-XSRF-TOKEN")
                .csrfCookieName("XSRF-TOKEN")
                .build());

        assertThat(resolver.resolve(request)).isEqualTo(new TokenResolution.Found(TOKEN));
    }

    @Test
    void constructWhenCookieUnprefixedOrCsrfOffThenOneWarningEachAndNoneForHostCookie() {
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(MessageFormat.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(BearerTokenResolver.class.getName());
        logger.addHandler(capture);
        try {
            new BearerTokenResolver(config().cookieName("__Host-at").build());
            assertThat(warnings).isEmpty();
            new BearerTokenResolver(config().cookieName("at").build());
            assertThat(warnings).singleElement().asString().contains("'at' has no __Host- prefix");
            new BearerTokenResolver(
                    config().cookieName("__Secure-at").cookieCsrf(false).build());
            assertThat(warnings).hasSize(2).last().asString().contains("CSRF check", "is off");
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void toStringWhenFoundThenTokenHidden() {
        assertThat(new TokenResolution.Found(TOKEN).toString()).doesNotContain(TOKEN);
    }
}
