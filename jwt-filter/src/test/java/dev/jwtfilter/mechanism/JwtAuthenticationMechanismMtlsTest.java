package dev.jwtfilter.mechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jwtfilter.ServletStreams;
import dev.jwtfilter.TestCertificates;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.proof.CertificateBinding;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mechanism holds certificate-bound tokens (RFC 8705 section 3) to the certificate the container put in
 * {@code jakarta.servlet.request.X509Certificate}, by the same rule as the filter.
 */
class JwtAuthenticationMechanismMtlsTest {
    private static final X509Certificate HOLDER =
            TestCertificates.selfSigned("holder").certificate();
    private static final X509Certificate OTHER =
            TestCertificates.selfSigned("other").certificate();
    private static final String CHALLENGE = "Bearer realm=\"jwt\", error=\"invalid_token\", "
            + "error_description=\"Token is bound to another client certificate\"";

    private final HttpMessageContext context = mock(HttpMessageContext.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ServletContext servletContext = mock(ServletContext.class);
    private final JwtAuthenticationMechanism mechanism = new JwtAuthenticationMechanism() {
        @Override
        protected JwtConfig configure(ServletContext servletContext) {
            return TestTokens.config().jwkSet(TestKeys.publicJwks(TestKeys.RSA)).build();
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        when(response.getOutputStream()).thenReturn(ServletStreams.into(body));
        when(context.notifyContainerAboutLogin(any(Principal.class), anySet()))
                .thenReturn(AuthenticationStatus.SUCCESS);
        when(context.isProtected()).thenReturn(true);
        when(servletContext.getInitParameterNames()).thenReturn(Collections.emptyEnumeration());
    }

    private HttpServletRequest request(String token, X509Certificate... chain) {
        return requestWithAttribute(token, chain.length == 0 ? null : chain);
    }

    private HttpServletRequest requestWithAttribute(String token, Object certificates) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getServletContext()).thenReturn(servletContext);
        when(request.getServletPath()).thenReturn("/api/orders");
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of("Bearer " + token)));
        when(request.getAttribute("jakarta.servlet.request.X509Certificate")).thenReturn(certificates);
        return request;
    }

    private static String boundToHolder() throws Exception {
        return TestTokens.rs256(TestTokens.claims()
                .claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(HOLDER)))
                .build());
    }

    @Test
    void validateRequestWhenBoundTokenAndItsCertificateFirstInTheChainThenContainerLogin() throws Exception {
        AuthenticationStatus status =
                mechanism.validateRequest(request(boundToHolder(), HOLDER, OTHER), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SUCCESS);
    }

    @Test
    void validateRequestWhenBoundTokenAndAnotherCertificateThen401WrongCertificate() throws Exception {
        AuthenticationStatus status =
                mechanism.validateRequest(request(boundToHolder(), OTHER, HOLDER), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setStatus(401);
        verify(response).setHeader("WWW-Authenticate", CHALLENGE);
        verify(context, never()).notifyContainerAboutLogin(any(Principal.class), anySet());
    }

    @Test
    void validateRequestWhenBoundTokenWithoutCertificateThen401WrongCertificate() throws Exception {
        AuthenticationStatus status = mechanism.validateRequest(request(boundToHolder()), response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        verify(response).setHeader("WWW-Authenticate", CHALLENGE);
    }

    @Test
    void validateRequestWhenCertificateAttributeEmptyOrNotAChainThen401NeverAnError() throws Exception {
        for (Object attribute : List.of(new X509Certificate[0], "not a certificate chain", HOLDER)) {
            HttpServletResponse refused = mock(HttpServletResponse.class);
            when(refused.getOutputStream()).thenReturn(ServletStreams.into(new ByteArrayOutputStream()));

            AuthenticationStatus status =
                    mechanism.validateRequest(requestWithAttribute(boundToHolder(), attribute), refused, context);

            assertThat(status).as(attribute.getClass().getSimpleName()).isEqualTo(AuthenticationStatus.SEND_FAILURE);
            verify(refused).setHeader("WWW-Authenticate", CHALLENGE);
        }
    }
}
