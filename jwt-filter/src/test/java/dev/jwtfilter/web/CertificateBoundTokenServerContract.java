package dev.jwtfilter.web;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.TestCertificates;
import dev.jwtfilter.TestCertificates.Identity;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.proof.CertificateBinding;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Certificate-bound tokens (RFC 8705 section 3) over real mutual TLS, the same for every container: the filter
 * ({@link #PARAMS}) in front of {@code /app/me}, behind a TLS connector with the {@link #SERVER} certificate that
 * wants (not needs) a client certificate and trusts {@link #HOLDER} and {@link #OTHER}; certificates made by
 * keytool at test time; JDK {@link HttpClient}s presenting the holder's certificate, the other one, or none.
 */
public abstract class CertificateBoundTokenServerContract {
    /** The filter's init-params. */
    protected static final Map<String, String> PARAMS = Map.of(
            "jwt.issuer", TestTokens.ISSUER,
            "jwt.audiences", TestTokens.AUDIENCE,
            "jwt.public-key", TestKeys.publicJwks(TestKeys.RSA));
    /** The server's certificate, for {@code 127.0.0.1}. */
    protected static final Identity SERVER = TestCertificates.selfSigned("server");
    /** The client certificate the tokens are bound to. */
    protected static final Identity HOLDER = TestCertificates.selfSigned("holder");
    /** Another client certificate the server trusts as well. */
    protected static final Identity OTHER = TestCertificates.selfSigned("other");

    private static final String CHALLENGE = "Bearer realm=\"jwt\", error=\"invalid_token\", "
            + "error_description=\"Token is bound to another client certificate\"";
    private static final HttpClient HOLDERS_CLIENT = client(HOLDER);
    private static final HttpClient OTHERS_CLIENT = client(OTHER);
    private static final HttpClient ANONYMOUS_CLIENT = client(null);

    /** @return the port of the server's TLS connector on 127.0.0.1 */
    protected abstract int port();

    private static HttpClient client(Identity presented) {
        return HttpClient.newBuilder()
                .sslContext(TestCertificates.clientContext(presented, SERVER.certificate()))
                .build();
    }

    private static String boundTo(X509Certificate certificate) throws Exception {
        return TestTokens.sign(
                TestKeys.RSA,
                JWSAlgorithm.RS256,
                claimsAt(Instant.now())
                        .claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(certificate)))
                        .build());
    }

    private HttpResponse<String> me(HttpClient client, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port() + "/app/me"))
                .header("Authorization", "Bearer " + token)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
        assertThat(response.body()).contains("invalid_token").doesNotContain("Exception");
    }

    @Test
    void requestWhenBoundTokenAndItsCertificateThen200() throws Exception {
        String token = boundTo(HOLDER.certificate());

        HttpResponse<String> first = me(HOLDERS_CLIENT, token);
        HttpResponse<String> again = me(HOLDERS_CLIENT, token);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("JwtPrincipal:alice");
        assertThat(again.statusCode()).isEqualTo(200);
    }

    @Test
    void requestWhenBoundTokenAndAnotherCertificateThen401EvenAfterItsHolderWasAccepted() throws Exception {
        String token = boundTo(HOLDER.certificate());

        assertRefused(me(OTHERS_CLIENT, token));
        assertThat(me(HOLDERS_CLIENT, token).statusCode()).isEqualTo(200);
        assertRefused(me(OTHERS_CLIENT, token)); // a verified-token cache hit now
    }

    @Test
    void requestWhenBoundTokenWithoutCertificateThen401EvenAfterItsHolderWasAccepted() throws Exception {
        String token = boundTo(HOLDER.certificate());

        assertRefused(me(ANONYMOUS_CLIENT, token));
        assertThat(me(HOLDERS_CLIENT, token).statusCode()).isEqualTo(200);
        assertRefused(me(ANONYMOUS_CLIENT, token));
    }

    @Test
    void requestWhenUnboundTokenThen200WithOrWithoutCertificate() throws Exception {
        String token = TestTokens.sign(
                TestKeys.RSA, JWSAlgorithm.RS256, claimsAt(Instant.now()).build());

        assertThat(me(ANONYMOUS_CLIENT, token).statusCode()).isEqualTo(200);
        assertThat(me(HOLDERS_CLIENT, token).statusCode()).isEqualTo(200);
        assertThat(me(OTHERS_CLIENT, token).statusCode()).isEqualTo(200);
    }
}
