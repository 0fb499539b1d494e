package dev.jwtfilter.web;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.TestCertificates;
import dev.jwtfilter.TestCertificates.Identity;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.proof.CertificateBinding;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificate-bound tokens (RFC 8705 section 3) over real mutual TLS: the filter in Jetty 12 ee10 behind a TLS
 * connector that wants (not needs) a client certificate, certificates made by keytool at test time, and JDK
 * {@link HttpClient}s presenting the holder's certificate, another trusted one, or none.
 */
class CertificateBoundTokenMtlsJettyTest {
    private static final String INVALID_CHALLENGE = "Bearer realm=\"jwt\", error=\"invalid_token\", "
            + "error_description=\"Token is bound to another client certificate\"";
    private static final Identity SERVER = TestCertificates.selfSigned("server");
    private static final Identity HOLDER = TestCertificates.selfSigned("holder");
    private static final Identity OTHER = TestCertificates.selfSigned("other");

    private static Server server;
    private static URI base;
    private static HttpClient holder;
    private static HttpClient other;
    private static HttpClient anonymous;

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = tlsConnector(server);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", TestTokens.ISSUER);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        filter.setInitParameter("jwt.public-key", TestKeys.publicJwks(TestKeys.RSA));
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        server.setHandler(context);
        server.start();
        base = URI.create("https://127.0.0.1:" + connector.getLocalPort() + "/app");
        holder = client(HOLDER);
        other = client(OTHER);
        anonymous = client(null);
    }

    /** TLS with the server's certificate; client certificates wanted, trusted when they are the holder's or other's. */
    private static ServerConnector tlsConnector(Server server) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(SERVER.keyStore());
        tls.setKeyStorePassword(new String(TestCertificates.PASSWORD));
        tls.setTrustStore(TestCertificates.trusting(HOLDER.certificate(), OTHER.certificate()));
        tls.setWantClientAuth(true);
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(
                server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }

    private static HttpClient client(Identity presented) {
        return HttpClient.newBuilder()
                .sslContext(TestCertificates.clientContext(presented, SERVER.certificate()))
                .build();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    private static String boundTo(X509Certificate certificate) throws Exception {
        return TestTokens.sign(
                TestKeys.RSA,
                JWSAlgorithm.RS256,
                claimsAt(Instant.now())
                        .claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(certificate)))
                        .build());
    }

    private static HttpResponse<String> me(HttpClient client, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/me"))
                .header("Authorization", "Bearer " + token)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(INVALID_CHALLENGE);
        assertThat(response.body()).contains("invalid_token").doesNotContain("Exception");
    }

    @Test
    void requestWhenBoundTokenAndItsCertificateThen200() throws Exception {
        String token = boundTo(HOLDER.certificate());

        HttpResponse<String> first = me(holder, token);
        HttpResponse<String> again = me(holder, token);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("JwtPrincipal:alice");
        assertThat(again.statusCode()).isEqualTo(200);
    }

    @Test
    void requestWhenBoundTokenAndAnotherCertificateThen401EvenAfterItsHolderWasAccepted() throws Exception {
        String token = boundTo(HOLDER.certificate());

        assertRefused(me(other, token));
        assertThat(me(holder, token).statusCode()).isEqualTo(200);
        assertRefused(me(other, token)); // a verified-token cache hit now
    }

    @Test
    void requestWhenBoundTokenWithoutCertificateThen401EvenAfterItsHolderWasAccepted() throws Exception {
        String token = boundTo(HOLDER.certificate());

        assertRefused(me(anonymous, token));
        assertThat(me(holder, token).statusCode()).isEqualTo(200);
        assertRefused(me(anonymous, token));
    }

    @Test
    void requestWhenUnboundTokenThen200WithOrWithoutCertificate() throws Exception {
        String token = TestTokens.sign(
                TestKeys.RSA, JWSAlgorithm.RS256, claimsAt(Instant.now()).build());

        assertThat(me(anonymous, token).statusCode()).isEqualTo(200);
        assertThat(me(holder, token).statusCode()).isEqualTo(200);
        assertThat(me(other, token).statusCode()).isEqualTo(200);
    }
}
