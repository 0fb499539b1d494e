package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A burst of logins, each needing a 600,000-iteration hash, against a demo whose per-address lockout is
 * set out of the way, with the default hashing budget (a quarter of one core): surplus logins are refused
 * with 503 instead of queueing on every core, and the protected API keeps answering throughout.
 */
class LoginFloodTest {
    private static final int FLOOD = 24;

    @Test
    void loginFloodWhenHashingSaturatedThenSurplusIs503AndApiStillAnswers() throws Exception {
        Map<String, String> settings = Map.of(
                DemoSettings.DATA,
                Files.createTempDirectory("jwt-demo-flood").toString(),
                DemoSettings.MAX_FAILURES_PER_ADDRESS,
                "1000",
                DemoSettings.HASH_CPU,
                "0.25");
        ExecutorService pool = Executors.newFixedThreadPool(FLOOD);
        try (DemoServer demo = new DemoServer(settings)) {
            String token = (String) demo.tokens("alice", "alice-demo-pass").get("access_token");
            List<Future<HttpResponse<String>>> logins = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                String user = "flood-" + i;
                logins.add(pool.submit(() -> demo.login(user, "wrong-password")));
            }
            List<Integer> apiStatuses = new ArrayList<>();
            while (logins.stream().anyMatch(f -> !f.isDone())) {
                apiStatuses.add(demo.get("/api/me", bearer(token)).statusCode());
            }
            List<Integer> loginStatuses = new ArrayList<>();
            for (Future<HttpResponse<String>> login : logins) {
                HttpResponse<String> response = login.get(60, TimeUnit.SECONDS);
                loginStatuses.add(response.statusCode());
                if (response.statusCode() == 503) {
                    assertThat(response.headers().firstValue("Retry-After")).contains("1");
                }
            }

            // Whether any flood login gets its turn depends on how long the first hash takes on this machine (its
            // cool-down is three times that, beyond the 2 s wait on a busy machine); HashGateTest covers turns.
            assertThat(loginStatuses)
                    .allSatisfy(status -> assertThat(status).isIn(400, 503))
                    .contains(503);
            assertThat(apiStatuses).isNotEmpty().containsOnly(200);
            System.out.printf(
                    "login flood: %d logins -> %d refused 503, %d checked (400); %d API calls during it, all 200%n",
                    FLOOD,
                    loginStatuses.stream().filter(s -> s == 503).count(),
                    loginStatuses.stream().filter(s -> s == 400).count(),
                    apiStatuses.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loginBurstWhenOneUserThenNoMorePasswordsCheckedThanTheLimit() throws Exception {
        int burst = 16;
        Map<String, String> settings = Map.of(
                DemoSettings.DATA,
                Files.createTempDirectory("jwt-demo-burst").toString(),
                DemoSettings.MAX_FAILURES_PER_ADDRESS,
                "1000",
                DemoSettings.MAX_FAILURES_PER_USER,
                "5");
        ExecutorService pool = Executors.newFixedThreadPool(burst);
        try (DemoServer demo = new DemoServer(settings)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> logins = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                String guess = "guess-" + i;
                logins.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return demo.login("alice", guess);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> login : logins) {
                statuses.add(login.get(60, TimeUnit.SECONDS).statusCode());
            }

            // 400 is a checked wrong password; 429 locked before hashing; 503 hashing busy (not counted).
            assertThat(statuses)
                    .allSatisfy(status -> assertThat(status).isIn(400, 429, 503))
                    .contains(429);
            assertThat(statuses.stream().filter(s -> s == 400).count()).isBetween(1L, 5L);
            System.out.printf(
                    "login burst: %d concurrent wrong passwords for one user -> %d checked (400), %d locked (429), "
                            + "%d busy (503)%n",
                    burst,
                    statuses.stream().filter(s -> s == 400).count(),
                    statuses.stream().filter(s -> s == 429).count(),
                    statuses.stream().filter(s -> s == 503).count());
        } finally {
            pool.shutdownNow();
        }
    }
}
