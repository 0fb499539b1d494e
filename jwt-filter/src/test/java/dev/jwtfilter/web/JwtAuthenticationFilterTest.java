package dev.jwtfilter.web;

import static dev.jwtfilter.TestConfigs.own;
import static dev.jwtfilter.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jwtfilter.JwksServer;
import dev.jwtfilter.ServletStreams;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.AuthenticationMode;
import dev.jwtfilter.config.FirewallRule;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.revoke.InMemoryRevocationList;
import dev.jwtfilter.revoke.RevocationList;
import dev.jwtfilter.revoke.RevocationUnavailableException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class JwtAuthenticationFilterTest {
    private final FilterChain chain = mock(FilterChain.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private static FilterConfig filterConfig(Map<String, String> initParams, Map<String, String> contextParams) {
        ServletContext context = mock(ServletContext.class);
        when(context.getInitParameterNames()).thenReturn(Collections.enumeration(contextParams.keySet()));
        contextParams.forEach((k, v) -> when(context.getInitParameter(k)).thenReturn(v));
        FilterConfig config = mock(FilterConfig.class);
        when(config.getServletContext()).thenReturn(context);
        when(config.getFilterName()).thenReturn("jwt");
        when(config.getInitParameterNames()).thenReturn(Collections.enumeration(initParams.keySet()));
        initParams.forEach((k, v) -> when(config.getInitParameter(k)).thenReturn(v));
        return config;
    }

    private static HttpServletRequest request(String path, String... authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getServletPath()).thenReturn(path);
        when(request.getMethod()).thenReturn("GET");
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of(authorization)));
        return request;
    }

    private JwtAuthenticationFilter started(JwtConfig config) throws Exception {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter(config);
        filter.init(filterConfig(Map.of(), Map.of()));
        when(response.getOutputStream()).thenReturn(ServletStreams.into(body));
        return filter;
    }

    @Test
    void initWhenParamsSplitBetweenFilterAndContextThenBothRead() throws Exception {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter();
        filter.init(filterConfig(
                Map.of("jwt.issuer", TestTokens.ISSUER, "jwt.public-key", TestKeys.rsaPem()),
                Map.of(
                        "jwt.audiences",
                        TestTokens.AUDIENCE,
                        "jwt.issuer",
                        "ignored-because-the-filter-sets-it",
                        "unrelated.param",
                        "x")));
        when(response.getOutputStream()).thenReturn(ServletStreams.into(body));

        filter.doFilter(
                request(
                        "/me",
                        "Bearer " + TestTokens.rs256(claims().issueTime(null).build())),
                response,
                chain);

        // The token uses the fixed test clock, so it is expired on the real clock: proof that it was verified.
        verify(response).setStatus(401);
        assertThat(body.toString()).contains("Token has expired");
    }

    @Test
    void initWhenConfigInvalidThenStartupFailsWithoutEchoingSecrets() {
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter();
        FilterConfig config = filterConfig(
                Map.of(
                        "jwt.issuer",
                        "i",
                        "jwt.audiences",
                        "a",
                        "jwt.hmac-secret",
                        "too-short-secret",
                        "issuer",
                        "typo"),
                Map.of());

        assertThatThrownBy(() -> filter.init(config))
                .isInstanceOf(ServletException.class)
                .hasMessageContaining("Unknown parameter 'issuer'")
                .hasMessageContaining("256 bits")
                .hasMessageNotContaining("too-short-secret");
    }

    @Test
    void initWhenKeysComeFromContextAttributeThenUsedAndConfigPublished() throws Exception {
        FilterConfig config = filterConfig(
                Map.of(
                        "jwt.issuer",
                        TestTokens.ISSUER,
                        "jwt.audiences",
                        TestTokens.AUDIENCE,
                        "jwt.keys.attribute",
                        "app.keys"),
                Map.of());
        when(config.getServletContext().getAttribute("app.keys"))
                .thenReturn(dev.jwtfilter.keys.KeySources.jwkSet(TestKeys.publicJwks(TestKeys.RSA)));

        new JwtAuthenticationFilter().init(config);

        ArgumentCaptor<Object> published = ArgumentCaptor.forClass(Object.class);
        verify(config.getServletContext())
                .setAttribute(eq(JwtAuthenticationFilter.CONFIG_ATTRIBUTE), published.capture());
        assertThat(own(((JwtConfig) published.getValue())).issuer()).isEqualTo(TestTokens.ISSUER);
    }

    @Test
    void initWhenKeysAttributeMissingThenStartupFails() {
        FilterConfig config = filterConfig(
                Map.of("jwt.issuer", "i", "jwt.audiences", "a", "jwt.keys.attribute", "app.keys"), Map.of());

        assertThatThrownBy(() -> new JwtAuthenticationFilter().init(config))
                .isInstanceOf(ServletException.class)
                .hasMessageContaining("holds no VerificationKeys");
    }

    @Test
    void doFilterWhenRefusedThenChainNotCalled() throws Exception {
        started(TestTokens.rsaConfig()).doFilter(request("/me"), response, chain);

        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(401);
        verify(response).setHeader("WWW-Authenticate", "Bearer realm=\"jwt\"");
    }

    @Test
    void doFilterWhenValidTokenThenChainGetsWrappedRequest() throws Exception {
        started(TestTokens.rsaConfig()).doFilter(request("/me", "Bearer " + TestTokens.rs256()), response, chain);

        ArgumentCaptor<ServletRequest> passed = ArgumentCaptor.forClass(ServletRequest.class);
        verify(chain).doFilter(passed.capture(), eq(response));
        HttpServletRequest wrapped = (HttpServletRequest) passed.getValue();
        assertThat(wrapped.getRemoteUser()).isEqualTo("alice");
        assertThat(wrapped.isUserInRole("user")).isTrue();
        assertThat(wrapped.isUserInRole("admin")).isFalse();
        assertThat(wrapped.isUserInRole("**")).isTrue();
        assertThat(wrapped.getAuthType()).isEqualTo("Bearer");
    }

    @Test
    void doFilterWhenOptionalModeAndNoTokenThenAnonymousPasses() throws Exception {
        JwtConfig optional = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .mode(AuthenticationMode.OPTIONAL)
                .build();
        HttpServletRequest request = request("/me");

        started(optional).doFilter(request, response, chain);

        verify(chain).doFilter(request, response);
    }

    @Test
    void doFilterWhenOptionalModeAndBadTokenThen401() throws Exception {
        JwtConfig optional = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .mode(AuthenticationMode.OPTIONAL)
                .build();

        started(optional)
                .doFilter(
                        request(
                                "/me",
                                "Bearer "
                                        + TestTokens.sign(
                                                TestKeys.RSA_OTHER,
                                                com.nimbusds.jose.JWSAlgorithm.RS256,
                                                claims().build())),
                        response,
                        chain);

        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(401);
    }

    @Test
    void doFilterWhenPublicPathAndBadTokenThenPassesAnonymously() throws Exception {
        JwtConfig config = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .publicPaths(List.of("/auth/*"))
                .build();
        HttpServletRequest request = request("/auth/login", "Bearer not.a.token");

        started(config).doFilter(request, response, chain);

        verify(chain).doFilter(request, response);
    }

    @Test
    void doFilterWhenDotSegmentsResolveToPublicPathThen400BeforeAnyDecision() throws Exception {
        JwtConfig config = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .publicPaths(List.of("/api/health"))
                .build();
        HttpServletRequest request = request("/api", "Bearer " + TestTokens.rs256());
        when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        when(request.getContextPath()).thenReturn("");
        when(request.getRequestURI()).thenReturn("/api/orders/123/../../health");
        when(request.getPathInfo()).thenReturn("/health");

        started(config).doFilter(request, response, chain);

        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(400);
        assertThat(body.toString())
                .isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"Request path not accepted\"}");
    }

    @Test
    void doFilterWhenFirewallRuleAllowedThenPublicPathDecidesAsBefore() throws Exception {
        JwtConfig config = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .publicPaths(List.of("/api/health"))
                .firewallAllow(EnumSet.allOf(FirewallRule.class))
                .build();
        HttpServletRequest request = request("/api");
        when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        when(request.getContextPath()).thenReturn("");
        when(request.getRequestURI()).thenReturn("/api/orders/123/../../health");
        when(request.getPathInfo()).thenReturn("/health");

        started(config).doFilter(request, response, chain);

        verify(chain).doFilter(request, response);
    }

    @Test
    void doFilterWhenNoKeyCanBeFetchedThen503NotA401() throws Exception {
        try (JwksServer jwks = new JwksServer("{}")) {
            jwks.setDown(true);
            JwtConfig config = TestTokens.config().jwksUri(jwks.uri()).build();

            started(config).doFilter(request("/me", "Bearer " + TestTokens.rs256()), response, chain);

            verify(response).setStatus(503);
            verify(response).setHeader("Retry-After", "10");
            assertThat(body.toString()).contains("temporarily_unavailable");
        }
    }

    @Test
    void doFilterWhenVerifierWouldThrowOnGarbageThenNever500() throws Exception {
        JwtAuthenticationFilter filter = started(TestTokens.rsaConfig());

        for (String garbage :
                List.of("e30.e30.e30", "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOiJzb29uIn0.AAAA", "a.b.c.d.e", "=")) {
            filter.doFilter(request("/me", "Bearer " + garbage), response, chain);
        }

        verify(response, never()).setStatus(500);
        verify(chain, never()).doFilter(any(), any());
    }

    @Test
    void initWhenRevocationAttributeHoldsAListThenRevokedTokensAreRefused() throws Exception {
        FilterConfig config = filterConfig(
                Map.of(
                        "jwt.issuer",
                        TestTokens.ISSUER,
                        "jwt.audiences",
                        TestTokens.AUDIENCE,
                        "jwt.public-key",
                        TestKeys.rsaPem(),
                        "jwt.clock-skew",
                        "3650d",
                        "jwt.revocation.attribute",
                        " app.revoked "),
                Map.of());
        InMemoryRevocationList revoked = new InMemoryRevocationList(TestTokens.CLOCK);
        revoked.revoke(TestTokens.ISSUER, "session-1", Instant.MAX);
        when(config.getServletContext().getAttribute("app.revoked")).thenReturn(revoked);
        JwtAuthenticationFilter filter = new JwtAuthenticationFilter();
        filter.init(config);
        when(response.getOutputStream()).thenReturn(ServletStreams.into(body));

        filter.doFilter(
                request(
                        "/me",
                        "Bearer " + TestTokens.rs256(claims().jwtID("session-1").build())),
                response,
                chain);
        filter.doFilter(
                request(
                        "/me",
                        "Bearer " + TestTokens.rs256(claims().jwtID("session-2").build())),
                response,
                chain);

        verify(response).setStatus(401);
        assertThat(body.toString()).contains("invalid_token");
        verify(chain).doFilter(any(), eq(response));
    }

    @Test
    void initWhenRevocationAttributeMissingThenStartupFails() {
        FilterConfig config = filterConfig(
                Map.of(
                        "jwt.issuer",
                        "i",
                        "jwt.audiences",
                        "a",
                        "jwt.hmac-secret",
                        TestKeys.HMAC_SECRET,
                        "jwt.revocation.attribute",
                        "app.revoked"),
                Map.of());

        assertThatThrownBy(() -> new JwtAuthenticationFilter().init(config))
                .isInstanceOf(ServletException.class)
                .hasMessageContaining("'app.revoked' holds no RevocationList or RevocationCheck");
    }

    @Test
    void doFilterWhenRevocationStoreDownThen503NeverTheResource() throws Exception {
        RevocationList down = new RevocationList() {
            @Override
            public void revoke(String issuer, String jti, Instant keepUntil) {
                throw new RevocationUnavailableException("Revocation list failed to revoke (SQL state 08001)", null);
            }

            @Override
            public boolean isRevoked(String issuer, String jti) {
                throw new RevocationUnavailableException("Revocation list failed to check (SQL state 08001)", null);
            }
        };
        JwtConfig config = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .revocationList(down)
                .build();

        started(config).doFilter(request("/me", "Bearer " + TestTokens.rs256()), response, chain);

        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "10");
        assertThat(body.toString()).contains("temporarily_unavailable").doesNotContain("SQL");
    }
}
