package dev.jwtfilter.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.issue.SigningKeyFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded mixed load against the demo on 127.0.0.1 (see {@code benchmarks/mixed-load.sh}, which starts the
 * demo, samples its heap and calls this twice):
 *
 * <pre>
 *   MixedLoad run BASE_URL DATA_DIR SECONDS   API traffic with valid, expired, forged and garbage tokens on 6
 *                                             threads, plus 2 threads racing and chaining refreshes
 *   MixedLoad check DATA_DIR                  after the demo has stopped: every refresh family in its H2 file
 *                                             is consistent
 * </pre>
 *
 * Exits 1 when any answer was a 5xx, any token was wrongly accepted, or a family is inconsistent. Only
 * loopback addresses are accepted.
 */
public final class MixedLoad {
    private static final String AUDIENCE = "jwt-demo-api";
    private static final int API_THREADS = 6;
    private static final int REFRESH_THREADS = 2;
    private static final int RACERS = 4;
    private static final int CHAIN = 5;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;
    /** The demo's issuer: the launcher's default, its own address on localhost ({@code BASE_URL} says 127.0.0.1). */
    private final String issuer;

    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder wronglyAccepted = new LongAdder();
    private final LongAdder wronglyRefused = new LongAdder();
    private final LongAdder raceRounds = new LongAdder();
    private final LongAdder raceViolations = new LongAdder();
    private final LongAdder chainRounds = new LongAdder();
    private final LongAdder chainViolations = new LongAdder();
    private final LongAdder refreshCalls = new LongAdder();
    private final AtomicLong requests = new AtomicLong();

    private MixedLoad(URI base) {
        this.base = base;
        this.issuer = "http://localhost:" + base.getPort();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("run")) {
            URI base = URI.create(args[1]);
            if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
                throw new IllegalArgumentException("loopback only: " + base);
            }
            boolean passed;
            try {
                passed = new MixedLoad(base).run(Path.of(args[2]), Duration.ofSeconds(Long.parseLong(args[3])));
            } catch (Exception e) {
                System.err.println("run aborted: " + e);
                passed = false;
            }
            System.exit(passed ? 0 : 1);
        } else if (args.length == 2 && args[0].equals("check")) {
            System.exit(check(Path.of(args[1])) ? 0 : 1);
        } else {
            System.err.println("usage: MixedLoad run BASE_URL DATA_DIR SECONDS | MixedLoad check DATA_DIR");
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------- tokens

    /** One request of the mix and the one answer it must get (0: 400 or 401). */
    record Probe(String kind, String path, String authorization, int expected) {}

    private static JWTClaimsSet.Builder claims(
            String issuer, String subject, List<String> groups, Instant issued, Instant expires) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .claim("upn", subject)
                .claim("groups", groups)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(expires));
    }

    private static String sign(RSAKey key, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(kid)
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The mix: what to send, and the one answer each must get. */
    private List<Probe> probes(Path data) throws Exception {
        RSAKey server =
                (RSAKey) SigningKeyFiles.load(data.resolve("signing-keys.json")).activeKey();
        String alice = login("alice", "alice-demo-pass").get("access_token").toString();
        String admin = login("admin", "admin-demo-pass").get("access_token").toString();
        return probes(issuer, server, alice, admin);
    }

    /**
     * The mix for one issuer: valid tokens of alice and admin, and expired, forged and foreign ones made with
     * the server's key or an attacker's (also used by {@link ClusterLoad}).
     */
    static List<Probe> probes(String issuer, RSAKey server, String alice, String admin) throws Exception {
        String kid = server.getKeyID();
        Instant now = Instant.now();
        String expired = sign(
                server,
                kid,
                claims(issuer, "admin", List.of("user", "admin"), now.minusSeconds(3600), now.minusSeconds(1800))
                        .build());
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid).generate();
        String sameKidOtherKey = sign(
                attacker,
                kid,
                claims(issuer, "admin", List.of("user", "admin"), now, now.plusSeconds(3600))
                        .build());
        String[] parts = alice.split("\\.");
        String adminPayload = claims(issuer, "admin", List.of("user", "admin"), now, now.plusSeconds(3600))
                .build()
                .toPayload()
                .toBase64URL()
                .toString();
        String swapped = parts[0] + "." + adminPayload + "." + parts[2];
        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + adminPayload + ".";
        SignedJWT confused = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(kid)
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                claims(issuer, "admin", List.of("user", "admin"), now, now.plusSeconds(3600))
                        .build());
        confused.sign(new MACSigner(server.toPublicKey().getEncoded()));
        String otherAudience = sign(
                server,
                kid,
                claims(issuer, "admin", List.of("user", "admin"), now, now.plusSeconds(3600))
                        .audience("another-api")
                        .build());
        return List.of(
                new Probe("valid alice /api/me", "/api/me", "Bearer " + alice, 200),
                new Probe("valid alice /api/admin", "/api/admin", "Bearer " + alice, 403),
                new Probe("valid admin /api/admin", "/api/admin", "Bearer " + admin, 200),
                new Probe("expired, real key", "/api/admin", "Bearer " + expired, 401),
                new Probe("forged: other key, same kid", "/api/admin", "Bearer " + sameKidOtherKey, 401),
                new Probe("forged: payload swapped", "/api/admin", "Bearer " + swapped, 401),
                new Probe("forged: alg none", "/api/admin", "Bearer " + none, 401),
                new Probe("forged: HS256 with the public key", "/api/admin", "Bearer " + confused.serialize(), 401),
                new Probe("other audience, real key", "/api/admin", "Bearer " + otherAudience, 401),
                new Probe("no token", "/api/me", null, 401));
    }

    static String garbage(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(600);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- HTTP

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        requests.incrementAndGet();
        if (response.statusCode() >= 500) {
            serverErrors.increment();
            System.err.println("5xx: " + response.statusCode() + " " + request.method() + " "
                    + request.uri().getPath() + " " + response.body());
        }
        return response;
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /**
     * One login at a time: the demo deliberately answers 503 when logins queue for its password-hashing
     * budget (a flood defence), and this run is about tokens, not about that defence.
     */
    private synchronized Map<String, Object> login(String user, String password) throws Exception {
        HttpResponse<String> response =
                post("/auth/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login of " + user + " answered " + response.statusCode());
        }
        return JSONObjectUtils.parse(response.body());
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        refreshCalls.increment();
        return post("/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    private static String refreshTokenOf(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body()).get("refresh_token").toString();
    }

    // ---------------------------------------------------------------- the run

    private boolean run(Path data, Duration length) throws Exception {
        List<Probe> probes = probes(data);
        long deadline = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(API_THREADS + REFRESH_THREADS * (1 + RACERS));
        ExecutorService racers = Executors.newFixedThreadPool(REFRESH_THREADS * RACERS);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < API_THREADS; t++) {
            long seed = t;
            work.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (long i = seed; System.nanoTime() < deadline; i++) {
                    Probe probe = i % 11 == 10
                            ? new Probe("garbage", "/api/admin", "Bearer " + garbage(random), 0)
                            : probes.get((int) (i % 11 % probes.size()));
                    HttpRequest.Builder request =
                            HttpRequest.newBuilder(base.resolve(probe.path())).timeout(Duration.ofSeconds(30));
                    if (probe.authorization() != null) {
                        request.header("Authorization", probe.authorization());
                    }
                    HttpResponse<String> response = send(request.build());
                    answers.computeIfAbsent(probe.kind() + " -> " + response.statusCode(), k -> new LongAdder())
                            .increment();
                    boolean right = probe.expected() == 0
                            ? response.statusCode() == 400 || response.statusCode() == 401
                            : response.statusCode() == probe.expected();
                    if (!right && response.statusCode() == 200) {
                        wronglyAccepted.increment();
                    } else if (!right && probe.kind().startsWith("valid")) {
                        wronglyRefused.increment();
                    }
                    if (!right) {
                        int again = send(request.build()).statusCode(); // the same request once more: transient or not
                        System.err.println("unexpected: " + probe.kind() + " -> " + response.statusCode() + " "
                                + response.headers()
                                        .firstValue("WWW-Authenticate")
                                        .orElse("") + " " + response.body()
                                + " (sent again: " + again + ")");
                    }
                }
                return null;
            }));
        }
        for (int t = 0; t < REFRESH_THREADS; t++) {
            work.add(pool.submit(() -> {
                for (long round = 0; System.nanoTime() < deadline; round++) {
                    if (round % 2 == 0) {
                        race(racers);
                    } else {
                        chain();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
            racers.shutdownNow();
        }

        System.out.printf(
                "requests: %,d in %d s (%,.0f/s)%n",
                requests.get(), length.toSeconds(), requests.get() / (double) length.toSeconds());
        new TreeMap<>(answers).forEach((k, v) -> System.out.printf("  %-45s %,10d%n", k, v.sum()));
        System.out.printf(
                "refresh: %,d calls; %,d races of %d (exactly one winner, then the family revoked): %,d wrong;"
                        + " %,d chains of %d rotations + logout: %,d wrong%n",
                refreshCalls.sum(),
                raceRounds.sum(),
                RACERS,
                raceViolations.sum(),
                chainRounds.sum(),
                CHAIN,
                chainViolations.sum());
        System.out.printf(
                "5xx answers: %d; wrongly accepted tokens: %d; valid tokens wrongly refused: %d%n",
                serverErrors.sum(), wronglyAccepted.sum(), wronglyRefused.sum());
        return serverErrors.sum() == 0
                && wronglyAccepted.sum() == 0
                && wronglyRefused.sum() == 0
                && raceViolations.sum() == 0
                && chainViolations.sum() == 0;
    }

    /** Several clients present one refresh token at once: one rotation, the rest is reuse, the family dies. */
    private void race(ExecutorService racers) throws Exception {
        String token = login("alice", "alice-demo-pass").get("refresh_token").toString();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> attempts = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            attempts.add(racers.submit(() -> {
                go.await();
                return refresh(token);
            }));
        }
        go.countDown();
        List<String> winners = new ArrayList<>();
        int refused = 0;
        for (Future<HttpResponse<String>> attempt : attempts) {
            HttpResponse<String> response = attempt.get();
            if (response.statusCode() == 200) {
                winners.add(refreshTokenOf(response));
            } else if (response.statusCode() == 400 && response.body().contains("\"invalid_grant\"")) {
                refused++;
            }
        }
        raceRounds.increment();
        boolean ok = winners.size() == 1
                && refused == RACERS - 1
                && refresh(winners.get(0)).statusCode() == 400; // reuse revoked the family, the winner's token too
        if (!ok) {
            raceViolations.increment();
            System.err.println("race: " + winners.size() + " winners, " + refused + " refused");
        }
    }

    /** One client rotates in turn, then logs out: every rotation works, nothing works after logout. */
    private void chain() throws Exception {
        String token = login("alice", "alice-demo-pass").get("refresh_token").toString();
        boolean ok = true;
        List<String> used = new ArrayList<>();
        for (int i = 0; i < CHAIN && ok; i++) {
            HttpResponse<String> response = refresh(token);
            ok = response.statusCode() == 200;
            used.add(token);
            token = ok ? refreshTokenOf(response) : token;
        }
        HttpResponse<String> logout = post("/auth/logout", "{\"refresh_token\":\"" + token + "\"}");
        ok = ok && logout.statusCode() == 204 && refresh(token).statusCode() == 400;
        chainRounds.increment();
        if (!ok) {
            chainViolations.increment();
            System.err.println("chain broken after " + used.size() + " rotations");
        }
    }

    // ---------------------------------------------------------------- the store afterwards

    /** Every family has at most one unused token, every live family exactly one; no token without its family. */
    private static boolean check(Path data) throws Exception {
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("refresh-tokens") + ";ACCESS_MODE_DATA=r";
        try (Connection db = DriverManager.getConnection(url);
                Statement sql = db.createStatement()) {
            long families = count(sql, "SELECT COUNT(*) FROM jwt_refresh_family");
            long tokens = count(sql, "SELECT COUNT(*) FROM jwt_refresh_token");
            long twoLive = count(
                    sql,
                    "SELECT COUNT(*) FROM (SELECT family_id FROM jwt_refresh_token WHERE used_at IS NULL"
                            + " GROUP BY family_id HAVING COUNT(*) > 1) t");
            long liveWithoutToken = count(
                    sql,
                    "SELECT COUNT(*) FROM jwt_refresh_family f WHERE f.revoked_at IS NULL"
                            + " AND NOT EXISTS (SELECT 1 FROM jwt_refresh_token t WHERE t.family_id = f.id AND t.used_at IS NULL)");
            long orphans = count(
                    sql,
                    "SELECT COUNT(*) FROM jwt_refresh_token t LEFT JOIN jwt_refresh_family f"
                            + " ON f.id = t.family_id WHERE f.id IS NULL");
            Map<String, Long> reasons = new TreeMap<>();
            try (ResultSet rows = sql.executeQuery("SELECT COALESCE(revoked_reason, 'live'), COUNT(*)"
                    + " FROM jwt_refresh_family GROUP BY revoked_reason")) {
                while (rows.next()) {
                    reasons.put(rows.getString(1), rows.getLong(2));
                }
            }
            System.out.printf(
                    "store: %,d families %s, %,d tokens; families with two unused tokens: %d;"
                            + " live families without an unused token: %d; tokens without a family: %d%n",
                    families, reasons, tokens, twoLive, liveWithoutToken, orphans);
            return twoLive == 0 && orphans == 0 && liveWithoutToken == 0;
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
