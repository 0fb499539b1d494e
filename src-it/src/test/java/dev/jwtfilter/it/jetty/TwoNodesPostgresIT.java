package dev.jwtfilter.it.jetty;

import static dev.jwtfilter.it.support.DemoClient.access;
import static dev.jwtfilter.it.support.DemoClient.refreshToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.it.support.DemoClient;
import dev.jwtfilter.it.support.DemoKeys;
import dev.jwtfilter.it.support.DeployedWars;
import dev.jwtfilter.it.support.Http;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes (two Jetty servers, each with its own deployment of the demo WAR and its own
 * connection pool) sharing one real PostgreSQL, started from Maven artifacts, and one signing key.
 */
class TwoNodesPostgresIT {
    private static final int RACE_ROUNDS = 25;
    private static final int RACERS_PER_NODE = 2;
    private static final Duration REVOCATION_TTL = Duration.ofSeconds(2);
    private static EmbeddedPostgres postgres;
    private static JettyNode nodeA;
    private static JettyNode nodeB;
    private static DemoClient a;
    private static DemoClient b;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Path shared = Files.createTempDirectory("it-two-nodes");
        DemoKeys keys = DemoKeys.create(shared);
        nodeA = JettyNode.start(DeployedWars.demo(), params(keys, Files.createTempDirectory("it-node-a")));
        nodeB = JettyNode.start(DeployedWars.demo(), params(keys, Files.createTempDirectory("it-node-b")));
        a = new DemoClient(nodeA.base());
        b = new DemoClient(nodeB.base());
    }

    private static Map<String, String> params(DemoKeys keys, Path data) {
        return Map.of(
                "JWT_DEMO_DATA",
                data.toString(),
                "JWT_SIGNING_KEY_FILE",
                keys.file().toString(),
                "JWT_DB_URL",
                postgres.getJdbcUrl("postgres", "postgres"),
                "JWT_DB_USER",
                "postgres",
                "JWT_LOGIN_HASH_CPU",
                "1", // 25 race rounds each log in first: no queueing for hashing
                "jwt.revocation.cache-ttl",
                REVOCATION_TTL.toSeconds() + "s"); // the filter's key, as a context-param
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void loginOnAThenApiAndRefreshOnB() throws Exception {
        Map<String, Object> tokens = a.tokens("alice", "alice-demo-pass");

        assertThat(Http.json(b.get("/api/me", access(tokens)))).containsEntry("name", "alice");
        HttpResponse<String> refreshed = b.refresh(refreshToken(tokens));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(a.get("/api/me", access(Http.json(refreshed))).statusCode()).isEqualTo(200);
    }

    @Test
    void revokeOnAThenTheAccessTokenIsRefusedOnAAtOnceAndOnBWithinTheRevocationCacheTtl() throws Exception {
        Map<String, Object> tokens = a.tokens("alice", "alice-demo-pass");
        assertThat(b.get("/api/me", access(tokens)).statusCode()).isEqualTo(200); // B now remembers "not revoked"

        assertThat(a.revoke(access(tokens)).statusCode()).isEqualTo(200);

        assertThat(a.get("/api/me", access(tokens)).statusCode()).isEqualTo(401);
        long deadline =
                System.nanoTime() + REVOCATION_TTL.plusSeconds(10).toNanos(); // bounded, with room for a slow machine
        int status = b.get("/api/me", access(tokens)).statusCode();
        while (status == 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = b.get("/api/me", access(tokens)).statusCode();
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void reuseWhenOldTokenPresentedToTheOtherNodeThenFamilyRevokedOnBoth() throws Exception {
        Map<String, Object> login = a.tokens("admin", "admin-demo-pass");
        Map<String, Object> next = Http.json(a.refresh(refreshToken(login)));

        assertThat(Http.json(b.refresh(refreshToken(login)))).containsEntry("error", "invalid_grant");
        assertThat(a.refresh(refreshToken(next)).statusCode()).isEqualTo(400);
        assertThat(b.refresh(refreshToken(next)).statusCode()).isEqualTo(400);
    }

    @Test
    void raceWhenBothNodesRefreshTheSameTokenAtOnceThenExactlyOneWinsEveryRound() throws Exception {
        int racers = 2 * RACERS_PER_NODE;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        int[] winners = new int[RACE_ROUNDS];
        int refused = 0;
        try {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                String token = refreshToken(a.tokens("alice", "alice-demo-pass"));
                CyclicBarrier start = new CyclicBarrier(racers);
                List<Future<HttpResponse<String>>> attempts = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    DemoClient node = i % 2 == 0 ? a : b;
                    attempts.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return node.refresh(token);
                    }));
                }
                for (Future<HttpResponse<String>> attempt : attempts) {
                    int status = attempt.get(60, TimeUnit.SECONDS).statusCode();
                    assertThat(status).isIn(200, 400);
                    if (status == 200) {
                        winners[round]++;
                    } else {
                        refused++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(winners).containsOnly(1);
        System.out.printf(
                "two-node refresh race: %d rounds x %d requests (%d per node) = %d attempts, %d winners, %d refused%n",
                RACE_ROUNDS, racers, RACERS_PER_NODE, RACE_ROUNDS * racers, RACE_ROUNDS, refused);
    }
}
