package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo is discoverable: a client that knows only {@code /api/me} finds the token endpoint through the 401's
 * protected resource metadata (RFC 9728) and the authorization server metadata (RFC 8414), gets a token and is let
 * in; the filter's own {@code jwt.oidc.discovery} finds the demo's keys the same way; the documents say only what
 * is true and never take a URL from the request.
 */
class DemoDiscoveryTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DemoServer demo;
    private static URI api;

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoServer(Map.of(
                DemoSettings.DATA,
                Files.createTempDirectory("jwt-demo-discovery").toString()));
        api = demo.base().resolve("/api/me");
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void walkWhenOnlyTheApiUrlIsKnownThenTheDiscoveredTokenEndpointIssuesATokenTheApiAccepts() throws Exception {
        DiscoveryClient.Discovered found = DiscoveryClient.discover(api);

        HttpResponse<String> token = DPoPClient.postForm(
                found.tokenEndpoint(),
                Map.of("grant_type", "password", "username", "alice", "password", "alice-demo-pass"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(json(token)).containsEntry("token_type", "Bearer");
        HttpResponse<String> me = DiscoveryClient.get(
                api, "Authorization", "Bearer " + json(token).get("access_token"));

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me)).containsEntry("name", "alice");
    }

    @Test
    void walkWhenTheClientUsesDPoPThenADiscoveredAlgorithmBindsTheTokenAndTheApiAcceptsItWithAProof() throws Exception {
        DiscoveryClient.Discovered found = DiscoveryClient.discover(api);
        assertThat(found.server().get("dpop_signing_alg_values_supported"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains("ES256");
        assertThat(found.resource().get("dpop_signing_alg_values_supported"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains("ES256");
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();

        HttpResponse<String> token = DPoPClient.postForm(
                found.tokenEndpoint(),
                Map.of("grant_type", "password", "username", "alice", "password", "alice-demo-pass"),
                DPoPClient.proof(key, JWSAlgorithm.ES256, found.tokenEndpoint()));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(json(token)).containsEntry("token_type", "DPoP");
        String bound = (String) json(token).get("access_token");
        HttpResponse<String> me = DiscoveryClient.get(
                api,
                "Authorization",
                "DPoP " + bound,
                "DPoP",
                DPoPClient.proof(key, JWSAlgorithm.ES256, "GET", api, bound));

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    }

    @Test
    void authorizationServerMetadataWhenFetchedThenItNamesTheDemosEndpointsUnderItsIssuer() throws Exception {
        String issuer = demo.issuer();

        Map<String, Object> document =
                DiscoveryClient.document(demo.base().resolve("/.well-known/oauth-authorization-server"));

        assertThat(document)
                .containsExactly(
                        Map.entry("issuer", issuer),
                        Map.entry("token_endpoint", issuer + "/auth/login"),
                        Map.entry("jwks_uri", issuer + "/.well-known/jwks.json"),
                        Map.entry("response_types_supported", List.of()),
                        Map.entry("grant_types_supported", List.of("password")),
                        Map.entry("token_endpoint_auth_methods_supported", List.of("none")),
                        Map.entry("revocation_endpoint", issuer + "/auth/revoke"),
                        Map.entry("revocation_endpoint_auth_methods_supported", List.of("none")),
                        Map.entry("dpop_signing_alg_values_supported", List.of("ES256", "RS256", "PS256")));
        HttpResponse<String> head = HTTP.send(
                HttpRequest.newBuilder(demo.base().resolve("/.well-known/oauth-authorization-server"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void protectedResourceMetadataWhenFetchedThenTheDemoIsItsResourceAndItsAuthorizationServer() throws Exception {
        Map<String, Object> document =
                DiscoveryClient.document(demo.base().resolve("/.well-known/oauth-protected-resource"));

        assertThat(document)
                .containsEntry("resource", demo.issuer())
                .containsEntry("authorization_servers", List.of(demo.issuer()))
                .containsEntry("bearer_methods_supported", List.of("header"))
                .containsEntry("resource_name", "jwt-filter demo API")
                .doesNotContainKey("scopes_supported");
    }

    @Test
    void tokenEndpointWhenAGrantTheMetadataDoesNotNameThenUnsupportedGrantType() throws Exception {
        URI tokenEndpoint = DiscoveryClient.discover(api).tokenEndpoint();

        for (String grant : List.of("refresh_token", "client_credentials", "authorization_code")) {
            HttpResponse<String> response =
                    DPoPClient.postForm(tokenEndpoint, Map.of("grant_type", grant, "refresh_token", "x"));
            assertThat(response.statusCode()).as(grant).isEqualTo(400);
            assertThat(json(response)).containsEntry("error", "unsupported_grant_type");
        }
    }

    @Test
    void metadataWhenTheRequestNamesAnotherHostThenNoDocumentOrChallengeRepeatsIt() throws Exception {
        String forged = "Host: evil.example\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n"
                + "Forwarded: host=evil.example;proto=https\r\n";

        for (String path : List.of(
                "/.well-known/oauth-authorization-server", "/.well-known/oauth-protected-resource", "/api/me")) {
            String answer = raw(path, forged);
            assertThat(answer).as(path).startsWith("HTTP/1.1 ").doesNotContain("evil.example");
            assertThat(answer).as(path).contains(demo.issuer());
        }
    }

    @Test
    void openidConfigurationWhenAskedThen404NotA401SoDiscoveryFallsThroughToRfc8414() throws Exception {
        HttpResponse<String> response = DiscoveryClient.get(demo.base().resolve("/.well-known/openid-configuration"));

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void filterWhenItsOidcDiscoveryPointsAtTheDemoThenItVerifiesTheDemosTokensOnly() throws Exception {
        Server app = new Server();
        ServerConnector connector = new ServerConnector(app);
        connector.setHost("127.0.0.1");
        app.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", demo.issuer());
        filter.setInitParameter("jwt.oidc.discovery", "true");
        filter.setInitParameter("jwt.audiences", "jwt-demo-api");
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new WhoAmI()), "/me");
        app.setHandler(context);
        app.start();
        try {
            URI me = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/me");
            String token = (String) demo.tokens("alice", "alice-demo-pass").get("access_token");
            String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";

            HttpResponse<String> accepted = DiscoveryClient.get(me, "Authorization", "Bearer " + token);
            HttpResponse<String> refused = DiscoveryClient.get(me, "Authorization", "Bearer " + forged);

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(accepted.body()).isEqualTo("alice");
            assertThat(refused.statusCode()).isEqualTo(401);
        } finally {
            app.stop();
        }
    }

    /** One GET over a plain socket with the given header lines, which may name any {@code Host}. */
    private static String raw(String path, String headers) throws IOException {
        try (Socket socket = new Socket(demo.base().getHost(), demo.base().getPort())) {
            String request = "GET " + path + " HTTP/1.1\r\n" + headers + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Answers the caller's name. */
    private static final class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write(request.getUserPrincipal().getName());
        }
    }
}
