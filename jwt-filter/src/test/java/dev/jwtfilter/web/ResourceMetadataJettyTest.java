package dev.jwtfilter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Protected resource metadata (RFC 9728) served by the filter on Jetty 12, at the root context as section 3.1 needs:
 * the document with what the configuration says, to anyone, and its URL in every 401 challenge.
 */
class ResourceMetadataJettyTest {
    private static final String METADATA_URL = "https://api.example.com/.well-known/oauth-protected-resource";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        Map.of(
                        "jwt.issuer", TestTokens.ISSUER,
                        "jwt.audiences", "https://api.example.com, orders-api",
                        "jwt.public-key", TestKeys.publicJwks(TestKeys.RSA),
                        "jwt.dpop", "dpop-allowed",
                        "jwt.dpop.external-url", "https://api.example.com",
                        "jwt.resource-metadata", "true",
                        "jwt.resource.name", "Orders API",
                        "jwt.resource.scopes", "orders:read, orders:write")
                .forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metadataWhenRequestedWithoutTokenThenTheDocumentOfRfc9728() throws Exception {
        HttpResponse<String> answer = send("GET", "/.well-known/oauth-protected-resource");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> document = JSONObjectUtils.parse(answer.body());
        assertThat(document)
                .containsEntry("resource", "https://api.example.com")
                .containsEntry("authorization_servers", List.of(TestTokens.ISSUER))
                .containsEntry("scopes_supported", List.of("orders:read", "orders:write"))
                .containsEntry("bearer_methods_supported", List.of("header"))
                .containsEntry("resource_name", "Orders API")
                .containsEntry("dpop_signing_alg_values_supported", List.of("ES256", "RS256", "PS256"))
                .containsEntry("dpop_bound_access_tokens_required", false)
                .doesNotContainKey("resource_documentation");
        assertThat(send("HEAD", "/.well-known/oauth-protected-resource").statusCode())
                .isEqualTo(200);
    }

    @Test
    void challengeWhen401ThenEverySchemeNamesTheMetadata() throws Exception {
        HttpResponse<String> missing = send("GET", "/me");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().allValues("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"jwt\", resource_metadata=\"" + METADATA_URL + "\"",
                        "DPoP realm=\"jwt\", algs=\"ES256 RS256 PS256\", resource_metadata=\"" + METADATA_URL + "\"");
    }

    @Test
    void metadataWhenAnotherPathOrMethodThenNotServedAsMetadata() throws Exception {
        assertThat(send("POST", "/.well-known/oauth-protected-resource").statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/.well-known/oauth-protected-resource/other").statusCode())
                .isEqualTo(401);
    }
}
