package dev.jwtfilter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestProofs;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.proof.JdbcDPoPReplayCache;
import dev.jwtfilter.web.app.TestServlets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.DispatcherType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two nodes of one API (RFC 9449 section 11.1): two Jetty servers, each with its own filter and its own
 * {@link JdbcDPoPReplayCache} object (as two JVMs would have), named by {@code jwt.dpop.replay-cache.attribute},
 * over one embedded PostgreSQL database; both know the API by its external origin, as behind a load balancer. A
 * proof used on one node is refused on the other; a node whose database does not answer refuses with 503.
 */
class DPoPTwoNodesPostgresJettyTest {
    private static final String EXTERNAL = "https://api.example.com";
    private static final String HTU = EXTERNAL + "/api/me";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static EmbeddedPostgres postgres;
    private static Node first;
    private static Node second;
    private static Node cut;

    private final ECKey key = TestProofs.newKey();

    private record Node(Server server, int port) {}

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        DataSource shared = postgres.getPostgresDatabase();
        first = node(shared);
        second = node(shared);
        cut = node(down());
    }

    private static DataSource down() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PGSimpleDataSource down = new PGSimpleDataSource();
        down.setServerNames(new String[] {"127.0.0.1"});
        down.setPortNumbers(new int[] {closedPort});
        down.setUser("postgres");
        down.setConnectTimeout(5);
        return down;
    }

    private static Node node(DataSource database) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/api");
        context.setAttribute("dpop.replay", new JdbcDPoPReplayCache(database));
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", TestTokens.ISSUER);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        filter.setInitParameter("jwt.public-key", TestKeys.publicJwks(TestKeys.RSA));
        filter.setInitParameter("jwt.dpop", "dpop-required");
        filter.setInitParameter("jwt.dpop.external-url", EXTERNAL);
        filter.setInitParameter("jwt.dpop.replay-cache.attribute", "dpop.replay");
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        server.setHandler(context);
        server.start();
        return new Node(server, connector.getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        for (Node node : new Node[] {first, second, cut}) {
            if (node != null) {
                node.server().stop();
            }
        }
        postgres.close();
    }

    private static HttpResponse<String> call(Node node, String token, String proof) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/me"))
                .header("Authorization", "DPoP " + token)
                .header("DPoP", proof)
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void proofWhenUsedOnOneNodeThenRefusedOnTheOtherAndAFreshOneAccepted() throws Exception {
        String token = TestProofs.boundToken(key, Instant.now());
        String proof = TestProofs.proof(key, "GET", HTU, token, Instant.now());

        HttpResponse<String> onFirst = call(first, token, proof);
        HttpResponse<String> replayedOnSecond = call(second, token, proof);
        HttpResponse<String> freshOnSecond =
                call(second, token, TestProofs.proof(key, "GET", HTU, token, Instant.now()));

        assertThat(onFirst.statusCode()).isEqualTo(200);
        assertThat(replayedOnSecond.statusCode()).isEqualTo(401);
        assertThat(replayedOnSecond.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_dpop_proof\"", "error_description=\"DPoP proof jti was already used\"");
        assertThat(freshOnSecond.statusCode()).isEqualTo(200);
    }

    @Test
    void proofWhenTheNodesDatabaseDoesNotAnswerThen503WithRetryAfterNeverAnAcceptance() throws Exception {
        String token = TestProofs.boundToken(key, Instant.now());

        HttpResponse<String> answer = call(cut, token, TestProofs.proof(key, "GET", HTU, token, Instant.now()));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("10");
        assertThat(answer.body()).contains("temporarily_unavailable").doesNotContain("SQL", "Exception");
    }
}
