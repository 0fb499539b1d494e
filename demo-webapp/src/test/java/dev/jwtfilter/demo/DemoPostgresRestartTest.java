package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.bearer;
import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo on PostgreSQL (the HikariCP path) while its database restarts, over HTTP: while it is down,
 * refresh and login answer a clean 503 {@code temporarily_unavailable} within the pool's connection
 * timeout, and so does the API for a token whose revocation status cannot be checked (the revocation list
 * shares the database; fail closed); once it is back, the refresh token refused during the outage
 * rotates (nothing was consumed), and the one used before the outage is still detected as reuse.
 */
class DemoPostgresRestartTest {
    /** Well above the demo's 2 s pool connection timeout (and HikariCP's default 30 s), bounding every wait. */
    private static final long OUTAGE_ANSWER_BOUND_SECONDS = 90;

    private final ExecutorService clients = Executors.newFixedThreadPool(2);
    private EmbeddedPostgres postgres;
    private Path pgData;
    private DemoServer demo;

    private static EmbeddedPostgres startPostgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String refreshOf(Map<String, Object> tokens) {
        return (String) tokens.get("refresh_token");
    }

    private static String access(Map<String, Object> tokens) {
        return (String) tokens.get("access_token");
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    /**
     * Hikari's connection adder backs off (up to 5 s) after the failures of the outage, so the first requests
     * after the restart may still wait out the pool's 2 s timeout: each such answer must be a clean 503 that
     * used nothing up, and a refresh must succeed within a bounded time.
     */
    private HttpResponse<String> refreshOnceTheDatabaseIsBack(String refreshToken) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> answer = refresh(refreshToken);
        while (answer.statusCode() == 503 && System.nanoTime() < deadline) {
            assertCleanUnavailable(answer, refreshToken);
            Thread.sleep(200);
            answer = refresh(refreshToken);
        }
        return answer;
    }

    private <T> T bounded(Future<T> answer) throws Exception {
        return answer.get(OUTAGE_ANSWER_BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private static void assertCleanUnavailable(HttpResponse<String> response, String secret) throws Exception {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(json(response))
                .containsOnlyKeys("error", "error_description")
                .containsEntry("error", "temporarily_unavailable");
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "SQL", "postgres", secret);
    }

    private static int count(EmbeddedPostgres db, String sql) throws Exception {
        try (Connection c = db.getPostgresDatabase().getConnection();
                ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        clients.shutdownNow();
        try {
            if (demo != null) {
                demo.close();
            }
        } finally {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                deleteTree(pgData); // some 40 MB of cluster files
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void refreshWhenDatabaseRestartsThen503WhileDownAndRecoversAfter() throws Exception {
        Path data = Files.createTempDirectory("jwt-demo-pg-restart");
        pgData = Files.createTempDirectory("jwt-demo-pg-restart-db");
        int port = freeLoopbackPort();
        postgres = startPostgres(pgData, port);
        demo = new DemoServer(Map.of(
                DemoSettings.DATA,
                data.toString(),
                DemoSettings.DB_URL,
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                DemoSettings.DB_USER,
                "postgres",
                DemoSettings.DB_PASSWORD,
                "postgres"));
        Map<String, Object> login = demo.tokens("alice", "alice-demo-pass");
        HttpResponse<String> beforeOutage = refresh(refreshOf(login));
        assertThat(beforeOutage.statusCode()).isEqualTo(200);
        Map<String, Object> current = json(beforeOutage);

        postgres.close();
        postgres = null;
        // A request that gets a pooled connection the stop broke fails at once; one that needs a new connection
        // waits for the pool's connection timeout. Side by side, the test waits that out once.
        Future<HttpResponse<String>> refreshed = clients.submit(() -> refresh(refreshOf(current)));
        Future<HttpResponse<String>> loggedIn = clients.submit(() -> demo.login("alice", "alice-demo-pass"));
        HttpResponse<String> me = demo.get("/api/me", bearer(access(current)));

        // The revocation list lives in the same database: a token this node has not checked within the revocation
        // cache lifetime cannot be checked now, so it is refused with a 503 (fail closed), never accepted unchecked.
        assertThat(me.statusCode()).isEqualTo(503);
        assertThat(me.headers().firstValue("Retry-After")).isPresent();
        assertThat(me.body()).doesNotContain("Exception", "\tat ", "eyJ");
        assertCleanUnavailable(bounded(refreshed), refreshOf(current));
        assertCleanUnavailable(bounded(loggedIn), "alice-demo-pass");

        postgres = startPostgres(pgData, port);
        HttpResponse<String> afterOutage = refreshOnceTheDatabaseIsBack(refreshOf(current));
        assertThat(afterOutage.statusCode()).isEqualTo(200);
        Map<String, Object> next = json(afterOutage);
        assertThat(refreshOf(next)).isNotIn(refreshOf(login), refreshOf(current));
        assertThat(demo.get("/api/me", bearer(access(next))).statusCode()).isEqualTo(200);
        // login, the rotation before and the one after: the outage neither lost nor added a token or family
        assertThat(count(postgres, "SELECT count(*) FROM jwt_refresh_token")).isEqualTo(3);
        assertThat(count(postgres, "SELECT count(*) FROM jwt_refresh_family")).isEqualTo(1);

        // RFC 9700 section 4.14.2: the token used before the outage is reuse, which revokes its whole family.
        HttpResponse<String> reuse = refresh(refreshOf(login));
        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(json(reuse)).containsEntry("error", "invalid_grant");
        assertThat(json(refresh(refreshOf(next)))).containsEntry("error", "invalid_grant");
    }
}
