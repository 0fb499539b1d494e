package dev.jwtfilter.mechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.ServletStreams;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.revoke.RevocationUnavailableException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mechanism's refusals as RFC 9457 problem details when {@code jwt.problem-details} is on, as the filter's. */
class JwtAuthenticationMechanismProblemDetailsTest {
    private final HttpMessageContext context = mock(HttpMessageContext.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ServletContext servletContext = mock(ServletContext.class);

    @BeforeEach
    void setUp() throws Exception {
        when(response.getOutputStream()).thenReturn(ServletStreams.into(body));
        when(context.isProtected()).thenReturn(true);
    }

    private void contextParams(Map<String, String> params) {
        when(servletContext.getInitParameterNames()).thenReturn(Collections.enumeration(params.keySet()));
        params.forEach((k, v) -> when(servletContext.getInitParameter(k)).thenReturn(v));
    }

    private HttpServletRequest request(String... authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getServletContext()).thenReturn(servletContext);
        when(request.getServletPath()).thenReturn("/api/orders");
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of(authorization)));
        return request;
    }

    private static Map<String, String> params(String problemDetails) {
        return Map.of(
                "jwt.issuer",
                TestTokens.ISSUER,
                "jwt.audiences",
                TestTokens.AUDIENCE,
                "jwt.public-key",
                TestKeys.rsaPem(),
                "jwt.problem-details",
                problemDetails);
    }

    private Map<String, Object> problem() throws Exception {
        verify(response).setContentType("application/problem+json");
        return JSONObjectUtils.parse(body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validateRequestWhenNoTokenAndProblemDetailsOnThen401ProblemJsonWithTheBareChallenge() throws Exception {
        contextParams(params("true"));

        AuthenticationStatus status = new JwtAuthenticationMechanism().validateRequest(request(), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        verify(response).setHeader("WWW-Authenticate", "Bearer realm=\"jwt\"");
        assertThat(problem())
                .containsOnly(
                        Map.entry("type", "about:blank"),
                        Map.entry("title", "Unauthorized"),
                        Map.entry("status", 401L),
                        Map.entry("detail", "Authentication required"),
                        Map.entry("error", "unauthorized"),
                        Map.entry("error_description", "Authentication required"));
    }

    @Test
    void validateRequestWhenMalformedHeaderAndProblemDetailsOnThen400ProblemJson() throws Exception {
        contextParams(params("true"));

        new JwtAuthenticationMechanism().validateRequest(request("Bearer a b"), response, context);

        verify(response).setStatus(400);
        assertThat(problem())
                .containsEntry("title", "Bad Request")
                .containsEntry("status", 400L)
                .containsEntry("error", "invalid_request");
    }

    @Test
    void validateRequestWhenRevocationStoreDownAndProblemDetailsOnThen503ProblemJsonWithRetryAfter() throws Exception {
        JwtAuthenticationMechanism mechanism = new JwtAuthenticationMechanism() {
            @Override
            protected JwtConfig configure(ServletContext servletContext) {
                return TestTokens.config()
                        .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                        .revocationCheck(jwt -> {
                            throw new RevocationUnavailableException("store down", null);
                        })
                        .problemDetails(true)
                        .build();
            }
        };

        mechanism.validateRequest(request("Bearer " + TestTokens.rs256()), response, context);

        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "10");
        assertThat(problem())
                .containsEntry("title", "Service Unavailable")
                .containsEntry("status", 503L)
                .containsEntry("error", "temporarily_unavailable")
                .containsEntry("detail", "Authentication is temporarily unavailable");
    }

    @Test
    void validateRequestWhenProblemDetailsOffThenThePlainBody() {
        contextParams(params("false"));

        new JwtAuthenticationMechanism().validateRequest(request(), response, context);

        verify(response).setContentType("application/json");
        assertThat(body.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"unauthorized\",\"error_description\":\"Authentication required\"}");
    }
}
