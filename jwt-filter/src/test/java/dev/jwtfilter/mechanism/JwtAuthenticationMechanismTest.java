package dev.jwtfilter.mechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jwtfilter.ServletStreams;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.revoke.InMemoryRevocationList;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Vetoed;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class JwtAuthenticationMechanismTest {
    private final HttpMessageContext context = mock(HttpMessageContext.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ServletContext servletContext = mock(ServletContext.class);

    /** Configured in code, as an application may do by overriding configure(). */
    private static final class Configured extends JwtAuthenticationMechanism {
        @Override
        protected JwtConfig configure(ServletContext servletContext) {
            return TestTokens.config()
                    .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                    .publicPaths(List.of("/public/*"))
                    .build();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        when(response.getOutputStream()).thenReturn(ServletStreams.into(body));
        when(context.doNothing()).thenReturn(AuthenticationStatus.NOT_DONE);
        when(context.notifyContainerAboutLogin(any(Principal.class), anySet()))
                .thenReturn(AuthenticationStatus.SUCCESS);
        when(servletContext.getInitParameterNames()).thenReturn(Collections.emptyEnumeration());
    }

    private HttpServletRequest request(String path, String... authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getServletContext()).thenReturn(servletContext);
        when(request.getServletPath()).thenReturn(path);
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of(authorization)));
        return request;
    }

    @Test
    void validateRequestWhenValidTokenThenContainerLoginWithJwtPrincipalAndRoles() {
        HttpServletRequest request = request("/api/orders", "Bearer " + TestTokens.rs256());

        AuthenticationStatus status = new Configured().validateRequest(request, response, context);

        ArgumentCaptor<Principal> principal = ArgumentCaptor.forClass(Principal.class);
        verify(context).notifyContainerAboutLogin(principal.capture(), eq(Set.of("user")));
        assertThat(principal.getValue())
                .isInstanceOf(JwtPrincipal.class)
                .extracting(Principal::getName)
                .isEqualTo("alice");
        assertThat(status).isEqualTo(AuthenticationStatus.SUCCESS);
        verify(request, never()).getSession();
        verify(request, never()).getSession(anyBoolean());
        verify(context, never()).setRegisterSession(any(), any());
    }

    @Test
    void validateRequestWhenTokenInvalidThen401WithTheFiltersChallengeAndBody() {
        String expired = TestTokens.rs256(TestTokens.claims()
                .expirationTime(java.util.Date.from(TestTokens.NOW.minusSeconds(3600)))
                .build());

        AuthenticationStatus status =
                new Configured().validateRequest(request("/api/orders", "Bearer " + expired), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        verify(response)
                .setHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"jwt\", error=\"invalid_token\", error_description=\"Token has expired\"");
        assertThat(body.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"Token has expired\"}");
        verify(context, never()).notifyContainerAboutLogin(any(Principal.class), anySet());
    }

    @Test
    void validateRequestWhenNoTokenOnProtectedResourceThen401BareChallenge() {
        when(context.isProtected()).thenReturn(true);

        AuthenticationStatus status = new Configured().validateRequest(request("/api/orders"), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        verify(response).setHeader("WWW-Authenticate", "Bearer realm=\"jwt\"");
    }

    @Test
    void validateRequestWhenNoTokenOnProtectedResourceThenMissingEventAndCountersPublished() {
        when(context.isProtected()).thenReturn(true, false);
        List<AuthEvent> events = new ArrayList<>();
        JwtAuthenticationMechanism mechanism = new JwtAuthenticationMechanism() {
            @Override
            protected JwtConfig configure(ServletContext servletContext) {
                return TestTokens.config()
                        .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                        .eventListener(events::add)
                        .build();
            }
        };

        mechanism.validateRequest(request("/api/orders"), response, context);
        mechanism.validateRequest(request("/index.html"), response, context);

        assertThat(events).extracting(AuthEvent::reason).containsExactly(AuthEventReason.MISSING);
        ArgumentCaptor<Object> counters = ArgumentCaptor.forClass(Object.class);
        verify(servletContext).setAttribute(eq(JwtAuthenticationFilter.EVENT_COUNTERS_ATTRIBUTE), counters.capture());
        assertThat(((AuthEventCounters) counters.getValue()).count(AuthEventReason.MISSING))
                .isEqualTo(1);
    }

    @Test
    void validateRequestWhenDotSegmentsResolveToPublicPathThen400AndNoLoginEvenWithValidToken() {
        HttpServletRequest request = request("/public/x", "Bearer " + TestTokens.rs256());
        when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        when(request.getContextPath()).thenReturn("/app");
        when(request.getRequestURI()).thenReturn("/app/api/orders/1/%2e%2e/%2e%2e/%2e%2e/public/x");

        AuthenticationStatus status = new Configured().validateRequest(request, response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(400);
        assertThat(body.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\"Request path not accepted\"}");
        verify(context, never()).notifyContainerAboutLogin(any(Principal.class), anySet());
        verify(context, never()).doNothing();
    }

    @Test
    void validateRequestWhenForwardDispatchThenFirewallNotApplied() {
        HttpServletRequest request = request("/index.html");
        when(request.getDispatcherType()).thenReturn(DispatcherType.FORWARD);
        when(request.getContextPath()).thenReturn("/app");
        when(request.getRequestURI()).thenReturn("/app/a/../index.html");

        assertThat(new Configured().validateRequest(request, response, context))
                .isEqualTo(AuthenticationStatus.NOT_DONE);
        verify(response, never()).setStatus(400);
    }

    @Test
    void validateRequestWhenNoTokenOnUnprotectedResourceThenDoNothing() {
        when(context.isProtected()).thenReturn(false);

        assertThat(new Configured().validateRequest(request("/index.html"), response, context))
                .isEqualTo(AuthenticationStatus.NOT_DONE);
        verify(response, never()).setStatus(401);
    }

    @Test
    void validateRequestWhenBadTokenOnPublicPathThenDoNothing() {
        assertThat(new Configured().validateRequest(request("/public/info", "Bearer not.a.token"), response, context))
                .isEqualTo(AuthenticationStatus.NOT_DONE);
    }

    @Test
    void validateRequestWhenCookieTokenOnPostWithoutCsrfHeaderThen403AndNoLogin() {
        JwtAuthenticationMechanism mechanism = new JwtAuthenticationMechanism() {
            @Override
            protected JwtConfig configure(ServletContext servletContext) {
                return TestTokens.config()
                        .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                        .cookieName("__Host-at")
                        .build();
            }
        };
        HttpServletRequest request = request("/api/orders");
        when(request.getMethod()).thenReturn("POST");
        when(request.getCookies()).thenReturn(new Cookie[] {new Cookie("__Host-at", TestTokens.rs256())});
        when(request.getHeaders("X-CSRF-Token")).thenReturn(Collections.emptyEnumeration());

        assertThat(mechanism.validateRequest(request, response, context)).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(403);
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("Missing or invalid CSRF token");
        verify(context, never()).notifyContainerAboutLogin(any(Principal.class), anySet());
    }

    @Test
    void validateRequestWhenMalformedHeaderThen400() {
        new Configured().validateRequest(request("/api", "Bearer a b"), response, context);

        verify(response).setStatus(400);
    }

    @Test
    void validateRequestWhenContextParamsConfigureItThenSameKeysAsTheFilter() {
        Map<String, String> params = Map.of(
                "jwt.issuer",
                TestTokens.ISSUER,
                "jwt.audiences",
                TestTokens.AUDIENCE,
                "jwt.public-key",
                TestKeys.rsaPem(),
                "jwt.clock-skew",
                "3650d");
        when(servletContext.getInitParameterNames()).thenReturn(Collections.enumeration(params.keySet()));
        params.forEach((k, v) -> when(servletContext.getInitParameter(k)).thenReturn(v));

        AuthenticationStatus status = new JwtAuthenticationMechanism()
                .validateRequest(request("/api", "Bearer " + TestTokens.rs256()), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SUCCESS);
    }

    @Test
    void validateRequestWhenConfigurationInvalidThenEveryRequestRefusedWith500() {
        JwtAuthenticationMechanism mechanism = new JwtAuthenticationMechanism(); // no jwt.* context-params at all

        AuthenticationStatus first =
                mechanism.validateRequest(request("/api", "Bearer " + TestTokens.rs256()), response, context);
        AuthenticationStatus anonymous = mechanism.validateRequest(request("/index.html"), response, context);

        assertThat(first).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        assertThat(anonymous).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response, org.mockito.Mockito.times(2)).setStatus(500);
        verify(context, never()).notifyContainerAboutLogin(any(Principal.class), anySet());
        verify(context, never()).doNothing();
    }

    @Test
    void startWhenTheApplicationStartsWithAnInvalidConfigurationThenThrowsSoTheDeploymentFails() {
        JwtAuthenticationMechanism mechanism = new JwtAuthenticationMechanism(); // no jwt.* context-params at all

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mechanism.start(servletContext))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        verify(servletContext, never()).setAttribute(eq(JwtAuthenticationFilter.CONFIG_ATTRIBUTE), any());
    }

    @Test
    void startWhenTheApplicationStartsThenThePublishedAttributesAreTheFiltersBeforeAnyRequest() {
        Map<String, String> params = Map.of(
                "jwt.issuer",
                TestTokens.ISSUER,
                "jwt.audiences",
                TestTokens.AUDIENCE,
                "jwt.public-key",
                TestKeys.rsaPem());
        when(servletContext.getInitParameterNames()).thenReturn(Collections.enumeration(params.keySet()));
        params.forEach((k, v) -> when(servletContext.getInitParameter(k)).thenReturn(v));

        new JwtAuthenticationMechanism().start(servletContext);

        verify(servletContext).setAttribute(eq(JwtAuthenticationFilter.CONFIG_ATTRIBUTE), any(JwtConfig.class));
        verify(servletContext)
                .setAttribute(eq(JwtAuthenticationFilter.EVENT_COUNTERS_ATTRIBUTE), any(AuthEventCounters.class));
        verify(servletContext)
                .setAttribute(
                        eq(JwtAuthenticationFilter.EVENT_LISTENER_ATTRIBUTE),
                        any(dev.jwtfilter.event.AuthEventListener.class));
    }

    @Test
    void startWhenTheConfigurationNamesAContextAttributeOrIsBuiltInCodeThenItWaitsForTheFirstRequest() {
        when(servletContext.getInitParameter("jwt.revocation.attribute")).thenReturn("app.revoked");

        new JwtAuthenticationMechanism().start(servletContext); // the app's listener sets app.revoked later
        new Configured().start(servletContext);

        verify(servletContext, never()).setAttribute(eq(JwtAuthenticationFilter.CONFIG_ATTRIBUTE), any());
    }

    @Test
    void startWhenDeclaredThenItObservesTheApplicationScopesInitializationWithTheServletContext() throws Exception {
        java.lang.reflect.Parameter parameter = JwtAuthenticationMechanism.class.getMethod(
                        "start", ServletContext.class)
                .getParameters()[0];

        assertThat(parameter.isAnnotationPresent(jakarta.enterprise.event.Observes.class))
                .isTrue();
        assertThat(parameter
                        .getAnnotation(jakarta.enterprise.context.Initialized.class)
                        .value())
                .isEqualTo(ApplicationScoped.class);
    }

    @Test
    void classWhenOnTheClassPathThenNeverABeanByItself() {
        assertThat(JwtAuthenticationMechanism.class.isAnnotationPresent(Vetoed.class))
                .isTrue();
        assertThat(JwtAuthenticationMechanism.class.isAnnotationPresent(ApplicationScoped.class))
                .isFalse();
        assertThat(Vetoed.class.isAnnotationPresent(java.lang.annotation.Inherited.class))
                .isFalse(); // subclasses stay eligible
    }

    @Test
    void validateRequestWhenContextParamNamesARevocationListThenRevokedTokensAreRefused() {
        Map<String, String> params = Map.of(
                "jwt.issuer",
                TestTokens.ISSUER,
                "jwt.audiences",
                TestTokens.AUDIENCE,
                "jwt.public-key",
                TestKeys.rsaPem(),
                "jwt.clock-skew",
                "3650d",
                "jwt.revocation.attribute",
                "app.revoked");
        when(servletContext.getInitParameterNames()).thenReturn(Collections.enumeration(params.keySet()));
        params.forEach((k, v) -> when(servletContext.getInitParameter(k)).thenReturn(v));
        InMemoryRevocationList revoked = new InMemoryRevocationList(TestTokens.CLOCK);
        revoked.revoke(TestTokens.ISSUER, "session-1", java.time.Instant.MAX);
        when(servletContext.getAttribute("app.revoked")).thenReturn(revoked);
        JwtAuthenticationMechanism mechanism = new JwtAuthenticationMechanism();

        AuthenticationStatus refused = mechanism.validateRequest(
                request(
                        "/api",
                        "Bearer "
                                + TestTokens.rs256(
                                        TestTokens.claims().jwtID("session-1").build())),
                response,
                context);
        AuthenticationStatus accepted = mechanism.validateRequest(
                request(
                        "/api",
                        "Bearer "
                                + TestTokens.rs256(
                                        TestTokens.claims().jwtID("session-2").build())),
                response,
                context);

        assertThat(refused).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        assertThat(accepted).isEqualTo(AuthenticationStatus.SUCCESS);
    }

    /** DPoP allowed, with nonces, configured in code. */
    private static final class WithDPoP extends JwtAuthenticationMechanism {
        @Override
        protected JwtConfig configure(ServletContext servletContext) {
            return TestTokens.config()
                    .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                    .dpop(dev.jwtfilter.verify.DPoPPolicy.DPOP_ALLOWED)
                    .dpopNonces(true)
                    .build();
        }
    }

    private HttpServletRequest dpopRequest(String token, String... proofs) {
        HttpServletRequest request = request("/api/orders", "DPoP " + token);
        when(request.getHeaders("DPoP")).thenReturn(Collections.enumeration(List.of(proofs)));
        when(request.getMethod()).thenReturn("GET");
        when(request.getRequestURL()).thenReturn(new StringBuffer("https://api.example.com/api/orders"));
        return request;
    }

    @Test
    void validateRequestWhenDPoPThenTheFiltersRulesNonceFirstThenLoginWithAFreshNonce() {
        com.nimbusds.jose.jwk.ECKey key = dev.jwtfilter.TestProofs.newKey();
        String token = dev.jwtfilter.TestProofs.boundToken(key, TestTokens.NOW);
        String htu = "https://api.example.com/api/orders";
        WithDPoP mechanism = new WithDPoP();

        AuthenticationStatus withoutNonce = mechanism.validateRequest(
                dpopRequest(token, dev.jwtfilter.TestProofs.proof(key, "GET", htu, token, TestTokens.NOW)),
                response,
                context);
        ArgumentCaptor<String> nonce = ArgumentCaptor.forClass(String.class);
        verify(response).setHeader(eq("DPoP-Nonce"), nonce.capture());
        HttpServletResponse second = mock(HttpServletResponse.class);
        AuthenticationStatus withNonce = mechanism.validateRequest(
                dpopRequest(
                        token,
                        dev.jwtfilter.TestProofs.proof(
                                key, "GET", htu, token, TestTokens.NOW, c -> c.claim("nonce", nonce.getValue()))),
                second,
                context);

        assertThat(withoutNonce).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        verify(response)
                .setHeader(
                        "WWW-Authenticate",
                        "DPoP realm=\"jwt\", algs=\"ES256 RS256 PS256\", error=\"use_dpop_nonce\","
                                + " error_description=\"Resource server requires nonce in DPoP proof\"");
        verify(response).addHeader("WWW-Authenticate", "Bearer realm=\"jwt\"");
        assertThat(withNonce).isEqualTo(AuthenticationStatus.SUCCESS);
        verify(second).setHeader("DPoP-Nonce", nonce.getValue());
    }

    @Test
    void validateRequestWhenABoundTokenComesAsBearerThenRefusedAsByTheFilter() {
        com.nimbusds.jose.jwk.ECKey key = dev.jwtfilter.TestProofs.newKey();
        String token = dev.jwtfilter.TestProofs.boundToken(key, TestTokens.NOW);

        AuthenticationStatus status =
                new WithDPoP().validateRequest(request("/api/orders", "Bearer " + token), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        assertThat(body.toString(StandardCharsets.UTF_8)).contains("Token is bound to a DPoP key");
    }

    /** Protected resource metadata on, configured in code. */
    private static final class WithMetadata extends JwtAuthenticationMechanism {
        @Override
        protected JwtConfig configure(ServletContext servletContext) {
            return TestTokens.config()
                    .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                    .resourceMetadata(true)
                    .resource(java.net.URI.create("https://api.example.com"))
                    .build();
        }
    }

    @Test
    void validateRequestWhenTheMetadataIsAskedForThenServedWithoutTokenAndNoResourceIsCalled() throws Exception {
        HttpServletRequest request = request("/.well-known/oauth-protected-resource");
        when(request.getMethod()).thenReturn("GET");
        when(request.getRequestURI()).thenReturn("/.well-known/oauth-protected-resource");
        when(request.getContextPath()).thenReturn("");
        when(context.isProtected()).thenReturn(true);

        AuthenticationStatus status = new WithMetadata().validateRequest(request, response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_CONTINUE);
        verify(response).setStatus(200);
        assertThat(body.toString(StandardCharsets.UTF_8))
                .startsWith("{\"resource\":\"https://api.example.com\"")
                .contains("\"authorization_servers\":[\"" + TestTokens.ISSUER + "\"]");
    }

    @Test
    void validateRequestWhenNoTokenAndMetadataOnThenTheChallengeNamesIt() {
        when(context.isProtected()).thenReturn(true);

        new WithMetadata().validateRequest(request("/api/orders"), response, context);

        verify(response)
                .setHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"jwt\", resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource\"");
    }

    /** Step-up on {@code /admin/*} by configuration: a login within 5 minutes. */
    private static final class StepUpConfigured extends JwtAuthenticationMechanism {
        @Override
        protected JwtConfig configure(ServletContext servletContext) {
            return TestTokens.config()
                    .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                    .stepUp(new dev.jwtfilter.config.StepUpPath(
                            "admin",
                            List.of("/admin/*"),
                            Set.of(),
                            java.util.Optional.of(java.time.Duration.ofMinutes(5))))
                    .build();
        }
    }

    private static String authenticatedSecondsAgo(long seconds) {
        return "Bearer "
                + TestTokens.rs256(TestTokens.claims()
                        .claim("auth_time", TestTokens.NOW.getEpochSecond() - seconds)
                        .build());
    }

    @Test
    void validateRequestWhenStepUpPathAndLoginTooOldThen401InsufficientUserAuthenticationAndNoLogin() {
        AuthenticationStatus status = new StepUpConfigured()
                .validateRequest(request("/admin/keys", authenticatedSecondsAgo(301)), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        verify(response)
                .setHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"jwt\", error=\"insufficient_user_authentication\", error_description=\"A"
                                + " stronger or more recent authentication is required\", max_age=\"300\"");
        verify(context, never()).notifyContainerAboutLogin(any(Principal.class), anySet());
    }

    @Test
    void validateRequestWhenStepUpPathAndFreshLoginThenContainerLogin() {
        AuthenticationStatus status = new StepUpConfigured()
                .validateRequest(request("/admin/keys", authenticatedSecondsAgo(300)), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SUCCESS);
    }

    @Test
    void validateRequestWhenStepUpPathWithoutTokenThen401BareChallengeEvenIfTheContainerDoesNotProtectIt() {
        when(context.isProtected()).thenReturn(false);

        AuthenticationStatus status = new StepUpConfigured().validateRequest(request("/admin/keys"), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        verify(response).setHeader("WWW-Authenticate", "Bearer realm=\"jwt\"");
    }

    @Test
    void validateRequestWhenTheServletCarriesStepUpThenTheMechanismEnforcesIt() {
        HttpServletRequest request = request("/mfa", "Bearer " + TestTokens.rs256());
        jakarta.servlet.http.HttpServletMapping mapping = mock(jakarta.servlet.http.HttpServletMapping.class);
        jakarta.servlet.ServletRegistration registration = mock(jakarta.servlet.ServletRegistration.class);
        when(request.getHttpServletMapping()).thenReturn(mapping);
        when(request.getMethod()).thenReturn("GET");
        when(mapping.getServletName()).thenReturn("mfa");
        when(servletContext.getServletRegistration("mfa")).thenReturn(registration);
        when(registration.getClassName()).thenReturn(dev.jwtfilter.web.app.StepUpApp.Mfa.class.getName());

        AuthenticationStatus status = new Configured().validateRequest(request, response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        verify(response)
                .setHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"jwt\", error=\"insufficient_user_authentication\", error_description=\"A"
                                + " stronger or more recent authentication is required\", acr_values=\"mfa hwk\"");
    }
}
