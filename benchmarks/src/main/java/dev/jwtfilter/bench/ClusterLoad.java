package dev.jwtfilter.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.bench.MixedLoad.Probe;
import dev.jwtfilter.issue.SigningKeyFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client of {@code benchmarks/cluster.sh}: a mixed load through the load balancer in front of three demo nodes
 * on one PostgreSQL, while the script kills a node and restarts the database, then the checks that need every node.
 *
 * <pre>
 *   ClusterLoad keys FILE        creates the one RS256 signing key set the nodes share
 *   ClusterLoad run LB_URL NODE_URL,NODE_URL,... KEYS_DIR RUN_DIR JDBC_URL JDBC_USER REVOCATION_TTL_SECONDS
 * </pre>
 *
 * {@code run} sends valid, expired, forged and garbage tokens, races four refreshes of one token and chains
 * rotations and logouts until {@code RUN_DIR/phase} says {@code done}; every answer is counted in the phase the
 * file named when it was sent ({@code steady}, {@code node-down}, {@code database-down}, {@code recovered}). Then
 * it revokes a token on one node and times its refusal on each node, replays a DPoP proof on the other nodes, and
 * checks every refresh family in PostgreSQL against the rotations the clients saw. It prints throughput and
 * latency per phase and one verdict line per property, and exits 1 when any fails. Loopback addresses only.
 */
public final class ClusterLoad {
    static final String NODE_DOWN = "node-down";
    static final String OUTAGE = "database-down";
    static final String DONE = "done";
    private static final String AUDIENCE_ALICE = "{\"username\":\"alice\",\"password\":\"alice-demo-pass\"}";
    private static final String AUDIENCE_ADMIN = "{\"username\":\"admin\",\"password\":\"admin-demo-pass\"}";
    private static final int API_THREADS = 4;
    private static final int REFRESH_THREADS = 2;
    private static final int RACERS = 4;
    private static final int CHAIN = 5;
    private static final int SESSIONS = 8;
    /** A request without an answer this long is a hang: above every server-side timeout of the run (2 s to 10 s). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(12);

    /**
     * For requests with a DPoP proof, each on a new connection ({@code Connection: close}): the JDK's client sends an
     * idempotent request again, same proof included, when a kept-alive connection closes before any answer, and the
     * second presentation of a proof is rightly refused. A DPoP client makes a fresh proof for every attempt.
     */
    private final HttpClient once = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    private final URI balancer;
    private final List<URI> nodes;
    private final Path runDir;
    private final String issuer;
    private final Map<String, Phase> phases = new LinkedHashMap<>();
    private volatile Phase phase;
    private ECKey dpopKey;
    private String dpopToken;
    private String dpopAth;
    private final Queue races = new Queue();
    private final Queue chains = new Queue();

    private ClusterLoad(URI balancer, List<URI> nodes, Path runDir) {
        this.balancer = balancer;
        this.nodes = nodes;
        this.runDir = runDir;
        this.issuer = "http://localhost:" + balancer.getPort();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("keys")) {
            SigningKeyFiles.loadOrCreate(Path.of(args[1]), JWSAlgorithm.RS256);
            return;
        }
        if (args.length != 8 || !args[0].equals("run")) {
            System.err.println("usage: ClusterLoad keys FILE | ClusterLoad run LB_URL NODE_URLS KEYS_DIR RUN_DIR"
                    + " JDBC_URL JDBC_USER REVOCATION_TTL_SECONDS");
            System.exit(2);
        }
        URI balancer = loopback(URI.create(args[1]));
        List<URI> nodes = new ArrayList<>();
        for (String node : args[2].split(",")) {
            nodes.add(loopback(URI.create(node)));
        }
        ClusterLoad load = new ClusterLoad(balancer, nodes, Path.of(args[4]));
        boolean passed;
        try {
            passed = load.run(Path.of(args[3]), args[5], args[6], Duration.ofSeconds(Long.parseLong(args[7])));
        } catch (Exception e) {
            System.out.println("run aborted: " + e);
            passed = false;
        }
        System.out.println(passed ? "PASS" : "FAIL");
        System.exit(passed ? 0 : 1);
    }

    private static URI loopback(URI uri) {
        if (!uri.getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("loopback only: " + uri);
        }
        return uri;
    }

    // ---------------------------------------------------------------- phases

    /** What was sent while the script's phase file named this phase, and how it went. */
    static final class Phase {
        final String name;
        final long startNanos = System.nanoTime();
        volatile long endNanos;
        final LongAdder requests = new LongAdder();
        final AtomicLongArray latencyMillis = new AtomicLongArray(60_001);
        final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        final Map<String, LongAdder> events = new ConcurrentHashMap<>();

        Phase(String name) {
            this.name = name;
        }

        void record(long nanos) {
            requests.increment();
            latencyMillis.incrementAndGet((int) Math.min(latencyMillis.length() - 1, nanos / 1_000_000));
        }

        void count(String event) {
            events.computeIfAbsent(event, k -> new LongAdder()).increment();
        }

        long events(String event) {
            LongAdder n = events.get(event);
            return n == null ? 0 : n.sum();
        }

        long percentileMillis(double q) {
            long total = requests.sum();
            long seen = 0;
            for (int i = 0; i < latencyMillis.length(); i++) {
                seen += latencyMillis.get(i);
                if (seen >= Math.ceil(total * q) && seen > 0) {
                    return i;
                }
            }
            return 0;
        }

        long sinceStart() {
            return System.nanoTime() - startNanos;
        }

        double seconds() {
            long end = endNanos == 0 ? System.nanoTime() : endNanos;
            return (end - startNanos) / 1e9;
        }
    }

    /** Follows the phase file the script writes; returns when it says {@code done}. */
    private void followPhases() throws Exception {
        Path file = runDir.resolve("phase");
        while (true) {
            String name = Files.exists(file) ? Files.readString(file).strip() : "";
            if (!name.isEmpty() && (phase == null || !phase.name.equals(name))) {
                if (phase != null) {
                    phase.endNanos = System.nanoTime();
                }
                if (name.equals(DONE)) {
                    phase = null;
                    return;
                }
                Phase next = new Phase(name);
                synchronized (phases) {
                    phases.put(name, next);
                }
                phase = next;
            }
            Thread.sleep(50);
        }
    }

    private boolean running() {
        return phase != null;
    }

    // ---------------------------------------------------------------- failures

    /** Failures, each a verdict line's count; anything here fails the run. */
    static final String WRONGLY_ACCEPTED = "wrongly accepted token";

    static final String VALID_REFUSED = "valid token refused outside the outage";
    static final String SERVER_ERROR = "500 or other 5xx from a node";
    static final String NO_RETRY_AFTER = "503 without Retry-After";
    static final String UNAVAILABLE_OUTSIDE = "503 outside the outage";
    static final String BALANCER_ERROR = "balancer error outside the node's death";
    static final String HANG = "hang (no answer in " + REQUEST_TIMEOUT.toSeconds() + " s)";
    static final String CONNECTION_ERROR = "connection to the balancer failed";
    static final String UNEXPECTED = "other wrong answer";
    static final String RACE_WRONG = "refresh race not exactly one winner";
    static final String CHAIN_WRONG = "rotation chain or logout broken";
    static final List<String> FAILURES = List.of(
            WRONGLY_ACCEPTED,
            VALID_REFUSED,
            SERVER_ERROR,
            NO_RETRY_AFTER,
            UNAVAILABLE_OUTSIDE,
            BALANCER_ERROR,
            HANG,
            CONNECTION_ERROR,
            UNEXPECTED,
            RACE_WRONG,
            CHAIN_WRONG);
    /** Allowed: the database's outage answered as it must be. */
    static final String OUTAGE_503 = "503 with Retry-After in the outage";
    /**
     * Allowed: a 503 with Retry-After in the first seconds after the database is back. The nodes' pool (HikariCP)
     * retries a failed connection with a backoff that doubles up to 5 s, and waits 2 s for a connection: a node sees
     * the database again at most 7 s after it is back.
     */
    static final String RECONNECTING_503 = "503 with Retry-After while the pools reconnect";

    static final String RECOVERED = "recovered";
    static final Duration RECONNECT = Duration.ofSeconds(7);
    private final AtomicLong lastReconnecting503Nanos = new AtomicLong(-1);
    /** Allowed: a request the killed node had taken when it died, answered by the balancer. */
    static final String KILLED_IN_FLIGHT = "balancer 502/503/504 for a request the killed node held";

    private void fail(Phase in, String failure, String detail) {
        in.count(failure);
        System.err.println("[" + in.name + "] " + failure + ": " + detail);
    }

    // ---------------------------------------------------------------- HTTP

    /** What became of a request. */
    enum Kind {
        /** The node's own answer (not 5xx). */
        ANSWER,
        /** An allowed unavailability: 503 + Retry-After in the outage, or the balancer's for a killed node. */
        UNAVAILABLE,
        /** A failure, already counted. */
        FAILED
    }

    record Reply(Kind kind, int status, String body) {}

    private Reply send(HttpRequest request, String what) {
        Phase sentIn = phase;
        if (sentIn == null) {
            return new Reply(Kind.FAILED, 0, "");
        }
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            HttpClient client = request.headers().firstValue("DPoP").isPresent() ? once : http;
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            sentIn.record(System.nanoTime() - start);
            fail(sentIn, HANG, what);
            return new Reply(Kind.FAILED, 0, "");
        } catch (IOException e) {
            sentIn.record(System.nanoTime() - start);
            if (in(sentIn, phase, NODE_DOWN)) {
                // HAProxy closes the client's connection without an answer when the killed node held a request it
                // may not retry (a POST), so that the client decides (RFC 9110 section 9.2.2).
                sentIn.count(KILLED_IN_FLIGHT);
                return new Reply(Kind.UNAVAILABLE, 0, "");
            }
            fail(sentIn, CONNECTION_ERROR, what + ": " + e);
            return new Reply(Kind.FAILED, 0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(Kind.FAILED, 0, "");
        }
        sentIn.record(System.nanoTime() - start);
        return classify(sentIn, phase, response, what);
    }

    private Reply classify(Phase sentIn, Phase now, HttpResponse<String> response, String what) {
        int status = response.statusCode();
        String body = response.body();
        Reply unavailable = new Reply(Kind.UNAVAILABLE, status, body);
        Reply failed = new Reply(Kind.FAILED, status, body);
        if (status < 500) {
            return new Reply(Kind.ANSWER, status, body);
        }
        boolean fromBalancer = body.startsWith("<html>");
        if (fromBalancer) {
            if (in(sentIn, now, NODE_DOWN)) {
                sentIn.count(KILLED_IN_FLIGHT);
                return unavailable;
            }
            fail(sentIn, BALANCER_ERROR, what + " -> " + status);
            return failed;
        }
        if (status != 503) {
            fail(sentIn, SERVER_ERROR, what + " -> " + status + " " + body);
            return failed;
        }
        if (response.headers().firstValue("Retry-After").isEmpty()) {
            fail(sentIn, NO_RETRY_AFTER, what + " " + body);
            return failed;
        }
        if (in(sentIn, now, OUTAGE)) {
            sentIn.count(OUTAGE_503);
            return unavailable;
        }
        if (sentIn.name.equals(RECOVERED) && sentIn.sinceStart() <= RECONNECT.toNanos()) {
            sentIn.count(RECONNECTING_503);
            lastReconnecting503Nanos.accumulateAndGet(sentIn.sinceStart(), Math::max);
            return unavailable;
        }
        fail(sentIn, UNAVAILABLE_OUTSIDE, what + " " + body);
        return failed;
    }

    private static boolean in(Phase sentIn, Phase now, String name) {
        return sentIn.name.equals(name) || (now != null && now.name.equals(name));
    }

    private Reply post(URI base, String path, String json, String what) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                what);
    }

    /** One login at a time (the demo answers 503 when logins queue for its hashing budget); retried while unavailable. */
    private synchronized Optional<Map<String, Object>> login(String credentials) throws Exception {
        while (running()) {
            Reply reply = post(balancer, "/auth/login", credentials, "login");
            if (reply.kind() == Kind.ANSWER && reply.status() == 200) {
                return Optional.of(JSONObjectUtils.parse(reply.body()));
            }
            if (reply.kind() == Kind.ANSWER) {
                fail(phaseOrDone(), UNEXPECTED, "login -> " + reply.status());
            }
            Thread.sleep(250);
        }
        return Optional.empty();
    }

    private Phase phaseOrDone() {
        Phase now = phase;
        return now != null ? now : new Phase(DONE);
    }

    private Reply refresh(String token) {
        return post(balancer, "/auth/refresh", "{\"refresh_token\":\"" + token + "\"}", "refresh");
    }

    private static String refreshTokenOf(Reply reply) throws Exception {
        return JSONObjectUtils.parse(reply.body()).get("refresh_token").toString();
    }

    static String sha256Hex(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    // ---------------------------------------------------------------- the load

    private boolean run(Path keysDir, String jdbcUrl, String jdbcUser, Duration revocationTtl) throws Exception {
        Thread follower = new Thread(() -> {
            try {
                followPhases();
            } catch (Exception e) {
                System.err.println("phase file unreadable: " + e);
                phase = null;
            }
        });
        while (!Files.exists(runDir.resolve("phase"))) {
            Thread.sleep(50);
        }
        follower.start();
        while (phase == null) {
            Thread.sleep(10);
        }
        RSAKey server = (RSAKey)
                SigningKeyFiles.load(keysDir.resolve("signing-keys.json")).activeKey();
        String alice = login(AUDIENCE_ALICE).orElseThrow().get("access_token").toString();
        String admin = login(AUDIENCE_ADMIN).orElseThrow().get("access_token").toString();
        List<Probe> probes = MixedLoad.probes(issuer, server, alice, admin);
        dpopKey = new ECKeyGenerator(Curve.P_256).generate();
        dpopToken = dpopLogin(dpopKey).orElseThrow(() -> new IllegalStateException("no DPoP-bound token"));
        dpopAth = ath(dpopToken);
        Files.writeString(runDir.resolve("ready"), "");
        load(probes);
        follower.join();
        report();
        boolean passed = verdicts();
        Phase checks = new Phase("checks");
        phase = checks;
        passed &= revocationAcrossNodes(revocationTtl);
        passed &= dpopReplayAcrossNodes();
        passed &= families(jdbcUrl, jdbcUser);
        if (checks.events.keySet().stream().anyMatch(FAILURES::contains)) {
            System.out.println("VERDICT checks after the run: " + checks.events + "  FAIL");
            passed = false;
        }
        phase = null;
        return passed;
    }

    private void load(List<Probe> probes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(API_THREADS + REFRESH_THREADS + 1);
        ExecutorService racers = Executors.newFixedThreadPool(REFRESH_THREADS * RACERS);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < API_THREADS; t++) {
            long seed = t;
            work.add(pool.submit(() -> {
                apiTraffic(probes, seed);
                return null;
            }));
        }
        for (int t = 0; t < REFRESH_THREADS; t++) {
            work.add(pool.submit(() -> {
                for (long round = 0; running(); round++) {
                    if (round % 2 == 0) {
                        race(racers);
                    } else {
                        chain();
                    }
                }
                return null;
            }));
        }
        work.add(pool.submit(() -> {
            holders();
            return null;
        }));
        try {
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
            racers.shutdownNow();
        }
    }

    private void apiTraffic(List<Probe> probes, long seed) throws Exception {
        Random random = new Random(seed);
        for (long i = seed; running(); i++) {
            boolean withProof = i % 22 == 21; // a DPoP-bound token with a fresh proof: its id goes to the database
            Probe probe = withProof
                    ? new Probe("valid DPoP alice /api/me", "/api/me", "DPoP " + dpopToken, 200)
                    : i % 11 == 10
                            ? new Probe("garbage", "/api/admin", "Bearer " + MixedLoad.garbage(random), 0)
                            : probes.get((int) (i % 11 % probes.size()));
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(balancer.resolve(probe.path())).timeout(REQUEST_TIMEOUT);
            if (probe.authorization() != null) {
                request.header("Authorization", probe.authorization());
            }
            if (withProof) {
                request.header("Connection", "close");
                request.header(
                        "DPoP",
                        proof(dpopKey, "GET", balancer.resolve(probe.path()).toString(), dpopAth));
            }
            Phase sentIn = phase;
            Reply reply = send(request.build(), probe.kind());
            if (sentIn == null || reply.kind() == Kind.FAILED) {
                continue;
            }
            sentIn.answers
                    .computeIfAbsent(probe.kind() + " -> " + reply.status(), k -> new LongAdder())
                    .increment();
            if (reply.kind() == Kind.ANSWER) {
                judge(sentIn, probe, reply.status());
            }
            Thread.sleep(2); // a moderate load: the machine is shared
        }
    }

    private void judge(Phase sentIn, Probe probe, int status) {
        boolean right = probe.expected() == 0 ? status == 400 || status == 401 : status == probe.expected();
        if (right) {
            return;
        }
        if (status == 200) {
            fail(sentIn, WRONGLY_ACCEPTED, probe.kind());
        } else if (probe.kind().startsWith("valid")) {
            fail(sentIn, VALID_REFUSED, probe.kind() + " -> " + status);
        } else {
            fail(sentIn, UNEXPECTED, probe.kind() + " -> " + status);
        }
    }

    /** What the clients saw of one family: the tokens they were given, and whether every answer came. */
    record Family(String kind, List<String> hashes, boolean complete) {}

    /** Several clients present one refresh token at once, through the balancer to different nodes. */
    private void race(ExecutorService racers) throws Exception {
        Optional<Map<String, Object>> login = login(AUDIENCE_ALICE);
        if (login.isEmpty()) {
            return;
        }
        Phase startedIn = phase;
        String token = login.get().get("refresh_token").toString();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> attempts = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            attempts.add(racers.submit(() -> {
                go.await();
                return refresh(token);
            }));
        }
        go.countDown();
        List<String> winners = new ArrayList<>();
        int refused = 0;
        int unavailable = 0;
        int failed = 0;
        for (Future<Reply> attempt : attempts) {
            Reply reply = attempt.get();
            if (reply.kind() == Kind.ANSWER && reply.status() == 200) {
                winners.add(refreshTokenOf(reply));
            } else if (reply.kind() == Kind.ANSWER
                    && reply.status() == 400
                    && reply.body().contains("\"invalid_grant\"")) {
                refused++;
            } else if (reply.kind() == Kind.UNAVAILABLE) {
                unavailable++;
            } else {
                failed++;
            }
        }
        Phase in = startedIn != null ? startedIn : phaseOrDone();
        in.count("refresh races");
        boolean complete = unavailable == 0 && failed == 0;
        if (winners.size() > 1 || (complete && (winners.size() != 1 || refused != RACERS - 1))) {
            fail(in, RACE_WRONG, winners.size() + " winners, " + refused + " refused");
            complete = false;
        } else if (complete) {
            Reply reuse = refresh(winners.get(0)); // reuse revoked the family, the winner's token too
            if (reuse.kind() == Kind.ANSWER && reuse.status() != 400) {
                fail(in, RACE_WRONG, "the winner's token still refreshes after reuse: " + reuse.status());
            }
            complete = reuse.kind() == Kind.ANSWER;
        }
        if (!complete) {
            in.count("refresh races interrupted by an allowed 502/503");
        }
        List<String> hashes = new ArrayList<>(List.of(sha256Hex(token)));
        for (String winner : winners) {
            hashes.add(sha256Hex(winner));
        }
        races.add(new Family("race", hashes, complete));
    }

    /** One client rotates in turn, then logs out: every rotation works, nothing works after logout. */
    private void chain() throws Exception {
        Optional<Map<String, Object>> login = login(AUDIENCE_ALICE);
        if (login.isEmpty()) {
            return;
        }
        Phase in = phase != null ? phase : phaseOrDone();
        in.count("rotation chains");
        String token = login.get().get("refresh_token").toString();
        List<String> hashes = new ArrayList<>(List.of(sha256Hex(token)));
        boolean complete = true;
        for (int i = 0; i < CHAIN && complete; i++) {
            Reply reply = refresh(token);
            if (reply.kind() == Kind.ANSWER && reply.status() == 200) {
                token = refreshTokenOf(reply);
                hashes.add(sha256Hex(token));
            } else {
                if (reply.kind() == Kind.ANSWER) {
                    fail(in, CHAIN_WRONG, "rotation " + (i + 1) + " -> " + reply.status() + " " + reply.body());
                }
                complete = false;
            }
        }
        if (complete) {
            Reply logout = post(balancer, "/auth/logout", "{\"refresh_token\":\"" + token + "\"}", "logout");
            Reply after = logout.kind() == Kind.ANSWER ? refresh(token) : logout;
            if (logout.kind() == Kind.ANSWER && logout.status() != 204) {
                fail(in, CHAIN_WRONG, "logout -> " + logout.status());
            } else if (after.kind() == Kind.ANSWER && after.status() != 400) {
                fail(in, CHAIN_WRONG, "refresh after logout -> " + after.status());
            }
            complete = logout.kind() == Kind.ANSWER && after.kind() == Kind.ANSWER;
        }
        if (!complete) {
            in.count("rotation chains interrupted by an allowed 502/503");
        }
        chains.add(new Family("chain", hashes, complete));
    }

    /**
     * Clients that hold a session each and refresh it now and then, in every phase: a valid refresh token is rotated
     * (200), or in the outage answered 503 with Retry-After, never refused as {@code invalid_grant}, which would
     * end a user's session because the database was away; every 20th turn one logs out (204, or 503 in the outage).
     */
    private void holders() throws Exception {
        List<List<String>> sessions = new ArrayList<>();
        for (long turn = 0; running(); turn++) {
            Phase in = phase;
            if (in == null) {
                break;
            }
            if (sessions.size() < SESSIONS) {
                Optional<Map<String, Object>> login = login(AUDIENCE_ALICE);
                login.ifPresent(json -> sessions.add(
                        new ArrayList<>(List.of(json.get("refresh_token").toString()))));
                continue;
            }
            List<String> session = sessions.get((int) (turn % sessions.size()));
            String token = session.get(session.size() - 1);
            boolean logout = turn % 20 == 19;
            Reply reply = logout
                    ? post(balancer, "/auth/logout", "{\"refresh_token\":\"" + token + "\"}", "logout")
                    : refresh(token);
            in.count(logout ? "session logouts" : "session refreshes");
            if (reply.kind() == Kind.ANSWER && reply.status() == (logout ? 204 : 200)) {
                if (logout) {
                    sessions.remove(session);
                    finish(session, true);
                } else {
                    session.add(refreshTokenOf(reply));
                }
            } else if (reply.kind() == Kind.ANSWER) {
                fail(
                        in,
                        VALID_REFUSED,
                        (logout ? "logout" : "refresh") + " of a live session -> " + reply.status() + " "
                                + reply.body());
                sessions.remove(session);
                finish(session, false);
            } else if (reply.kind() == Kind.FAILED || reply.status() != 503) {
                // no answer from the node: whether it rotated or not is unknown, so this session ends here
                sessions.remove(session);
                finish(session, false);
            }
            Thread.sleep(1000); // each session rotates every 8 s, within the demo's 10 rotations a minute
        }
        sessions.forEach(session -> finish(session, true));
    }

    private void finish(List<String> session, boolean complete) {
        try {
            List<String> hashes = new ArrayList<>();
            for (String token : session) {
                hashes.add(sha256Hex(token));
            }
            chains.add(new Family("session", hashes, complete));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A thread-safe list of what the clients saw. */
    static final class Queue extends ConcurrentLinkedQueue<Family> {
        private static final long serialVersionUID = 1L;
    }

    // ---------------------------------------------------------------- report and verdicts

    private void report() {
        System.out.printf(
                "%-14s %7s %9s %8s %8s %8s %9s %11s %10s %9s%n",
                "phase",
                "seconds",
                "requests",
                "req/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "503+R-A",
                "killed 5xx",
                "failures");
        for (Phase p : phases.values()) {
            long failures = FAILURES.stream().mapToLong(p::events).sum();
            long max = 0;
            for (int i = 0; i < p.latencyMillis.length(); i++) {
                max = p.latencyMillis.get(i) > 0 ? i : max;
            }
            System.out.printf(
                    "%-14s %7.1f %9d %8.0f %8d %8d %9d %11d %10d %9d%n",
                    p.name,
                    p.seconds(),
                    p.requests.sum(),
                    p.requests.sum() / p.seconds(),
                    p.percentileMillis(0.50),
                    p.percentileMillis(0.99),
                    max,
                    p.events(OUTAGE_503),
                    p.events(KILLED_IN_FLIGHT),
                    failures);
        }
        for (Phase p : phases.values()) {
            System.out.println("answers in " + p.name + ":");
            new TreeMap<>(p.answers).forEach((k, v) -> System.out.printf("  %-45s %,10d%n", k, v.sum()));
            new TreeMap<>(p.events).forEach((k, v) -> System.out.printf("  * %-43s %,10d%n", k, v.sum()));
        }
    }

    private long total(String event) {
        return phases.values().stream().mapToLong(p -> p.events(event)).sum();
    }

    private static boolean verdict(String line, boolean pass) {
        System.out.println("VERDICT " + line + "  " + (pass ? "PASS" : "FAIL"));
        return pass;
    }

    private boolean verdicts() {
        boolean pass = verdict("wrongly accepted tokens: " + total(WRONGLY_ACCEPTED), total(WRONGLY_ACCEPTED) == 0);
        pass &= verdict(
                "valid tokens refused (in the outage only 503 with Retry-After is allowed): " + total(VALID_REFUSED)
                        + " (sessions held"
                        + " through every phase: " + total("session refreshes") + " refreshes, "
                        + total("session logouts") + " logouts)" + " (and 503 outside it: "
                        + total(UNAVAILABLE_OUTSIDE) + ")",
                total(VALID_REFUSED) + total(UNAVAILABLE_OUTSIDE) == 0);
        Phase outage = phases.get(OUTAGE);
        long outage503 = outage == null ? 0 : outage.events(OUTAGE_503);
        pass &= verdict(
                "database outage: " + outage503 + " answers 503 with Retry-After; " + total(SERVER_ERROR)
                        + " 500/5xx; " + total(NO_RETRY_AFTER) + " 503 without Retry-After; " + total(HANG)
                        + " hangs past " + REQUEST_TIMEOUT.toSeconds() + " s; " + total(CONNECTION_ERROR)
                        + " connection errors",
                outage != null
                        && outage503 > 0
                        && total(SERVER_ERROR) + total(NO_RETRY_AFTER) + total(HANG) + total(CONNECTION_ERROR) == 0);
        long reconnecting = total(RECONNECTING_503);
        verdict(
                "after the database was back: " + reconnecting + " answers 503 with Retry-After while the pools"
                        + " reconnected, the last one sent "
                        + (reconnecting == 0 ? "-" : String.format("%.1f s", lastReconnecting503Nanos.get() / 1e9))
                        + " after (allowed " + RECONNECT.toSeconds() + " s: HikariCP's backoff of up to 5 s and its"
                        + " 2 s wait)",
                true);
        Phase nodeDown = phases.get(NODE_DOWN);
        pass &= verdict(
                "node killed: " + total(KILLED_IN_FLIGHT) + " requests it held answered by the balancer (at most "
                        + (API_THREADS + REFRESH_THREADS * RACERS) + " allowed); " + total(BALANCER_ERROR)
                        + " balancer errors otherwise",
                nodeDown != null
                        && total(KILLED_IN_FLIGHT) <= API_THREADS + REFRESH_THREADS * RACERS
                        && total(BALANCER_ERROR) == 0);
        pass &= verdict(
                "refresh races: " + total("refresh races") + " ("
                        + total("refresh races interrupted by an allowed 502/503") + " interrupted), "
                        + total(RACE_WRONG) + " without exactly one winner",
                total(RACE_WRONG) == 0 && total("refresh races") > 0);
        pass &= verdict(
                "rotation chains with logout: " + total("rotation chains") + " ("
                        + total("rotation chains interrupted by an allowed 502/503") + " interrupted), "
                        + total(CHAIN_WRONG) + " broken",
                total(CHAIN_WRONG) == 0 && total("rotation chains") > 0);
        pass &= verdict("other wrong answers: " + total(UNEXPECTED), total(UNEXPECTED) == 0);
        return pass;
    }

    // ---------------------------------------------------------------- checks after the load

    private HttpRequest.Builder onNode(URI node, String path) {
        // The Host the balancer passes on, so that each node sees the URL the client addressed (a DPoP proof's htu).
        return HttpRequest.newBuilder(node.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Host", balancer.getRawAuthority());
    }

    private int status(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Revokes a token on the first node and times how long each node takes to refuse it. */
    private boolean revocationAcrossNodes(Duration ttl) throws Exception {
        phase = phaseOrDone();
        String token = login(AUDIENCE_ALICE).orElseThrow().get("access_token").toString();
        List<Integer> before = new ArrayList<>();
        for (URI node : nodes) { // each node now holds "not revoked" in its cache
            before.add(status(onNode(node, "/api/me")
                    .header("Authorization", "Bearer " + token)
                    .build()));
        }
        int revoked = status(onNode(nodes.get(0), "/auth/revoke")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}"))
                .build());
        long start = System.nanoTime();
        long limit = ttl.plusSeconds(1).toNanos();
        List<String> after = new ArrayList<>();
        boolean pass = before.stream().allMatch(s -> s == 200) && revoked == 200;
        for (URI node : nodes) {
            long refusedAt = -1;
            while (System.nanoTime() - start < limit + 2_000_000_000L) {
                int s = status(onNode(node, "/api/me")
                        .header("Authorization", "Bearer " + token)
                        .build());
                if (s == 401) {
                    refusedAt = System.nanoTime() - start;
                    break;
                }
                Thread.sleep(50);
            }
            pass &= refusedAt >= 0 && refusedAt <= limit;
            after.add(node.getPort() + (refusedAt < 0 ? " never" : String.format(" %.1f s", refusedAt / 1e9)));
        }
        return verdict(
                "token revoked on node " + nodes.get(0).getPort() + " (answers before " + before + ", revoke " + revoked
                        + ") refused on each node after: " + after + " (revocation cache TTL " + ttl.toSeconds()
                        + " s, allowed " + ttl.plusSeconds(1).toSeconds() + " s)",
                pass);
    }

    /** A DPoP proof used on the first node is refused on the others; a fresh one is accepted there. */
    /** @return a DPoP-bound access token for alice, bound to the key */
    private Optional<String> dpopLogin(ECKey key) throws Exception {
        URI login = balancer.resolve("/auth/login");
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(login)
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("DPoP", proof(key, "POST", login.toString(), null))
                        .POST(HttpRequest.BodyPublishers.ofString(AUDIENCE_ALICE))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> json = JSONObjectUtils.parse(response.body());
        boolean bound = response.statusCode() == 200 && "DPoP".equals(json.get("token_type"));
        return bound ? Optional.of(json.get("access_token").toString()) : Optional.empty();
    }

    private boolean dpopReplayAcrossNodes() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Optional<String> bound = dpopLogin(key);
        String token = bound.orElse("none");
        String htu = balancer.resolve("/api/me").toString();
        String proof = proof(key, "GET", htu, ath(token));
        List<Integer> answers = new ArrayList<>();
        for (URI node : nodes) {
            answers.add(status(onNode(node, "/api/me")
                    .header("Authorization", "DPoP " + token)
                    .header("DPoP", proof)
                    .build()));
        }
        int fresh = status(onNode(nodes.get(nodes.size() - 1), "/api/me")
                .header("Authorization", "DPoP " + token)
                .header("DPoP", proof(key, "GET", htu, ath(token)))
                .build());
        boolean pass = bound.isPresent()
                && answers.get(0) == 200
                && answers.subList(1, answers.size()).stream().allMatch(s -> s == 401)
                && fresh == 200;
        return verdict(
                "DPoP proof used on node " + nodes.get(0).getPort() + " then replayed on each node in turn: " + answers
                        + " (expected 200 then 401s); a fresh proof on the last node: " + fresh,
                pass);
    }

    private static String proof(ECKey key, String method, String htu, String ath) {
        return DPoPProofPool.proof(key, method, htu, ath);
    }

    private static String ath(String token) throws Exception {
        return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)))
                .toString();
    }

    // ---------------------------------------------------------------- the families in PostgreSQL

    /**
     * Every family consistent, read from PostgreSQL directly: each token a client was given is stored, in one
     * family; a complete race's family holds exactly its two tokens and a complete chain's its six (no lost and no
     * duplicated rotation); an interrupted one at most one token more than its clients saw; no family has two unused
     * tokens, every live family has one, no token lacks its family.
     */
    private boolean families(String jdbcUrl, String user) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, "");
                Statement sql = db.createStatement();
                PreparedStatement familyOf =
                        db.prepareStatement("SELECT family_id FROM jwt_refresh_token WHERE token_hash = ?");
                PreparedStatement sizeOf =
                        db.prepareStatement("SELECT COUNT(*) FROM jwt_refresh_token WHERE family_id = ?")) {
            long lost = 0;
            long wrongSize = 0;
            long checked = 0;
            List<Family> seen = new ArrayList<>(races);
            seen.addAll(chains);
            for (Family family : seen) {
                String id = null;
                boolean split = false;
                for (String hash : family.hashes()) {
                    familyOf.setString(1, hash);
                    try (ResultSet row = familyOf.executeQuery()) {
                        if (!row.next()) {
                            lost++;
                            System.err.println("lost rotation: a " + family.kind() + " token is not stored");
                            continue;
                        }
                        split |= id != null && !id.equals(row.getString(1));
                        id = row.getString(1);
                    }
                }
                if (id == null || split) {
                    wrongSize++;
                    continue;
                }
                sizeOf.setString(1, id);
                long size;
                try (ResultSet row = sizeOf.executeQuery()) {
                    row.next();
                    size = row.getLong(1);
                }
                boolean ok = family.complete()
                        ? size == family.hashes().size()
                        : size >= family.hashes().size()
                                && size <= family.hashes().size() + 1;
                if (!ok) {
                    wrongSize++;
                    System.err.println("family of a " + (family.complete() ? "complete " : "interrupted ")
                            + family.kind() + " holds " + size + " tokens, clients saw "
                            + family.hashes().size());
                }
                checked++;
            }
            long twoLive = count(
                    sql,
                    "SELECT COUNT(*) FROM (SELECT family_id FROM jwt_refresh_token WHERE used_at IS NULL"
                            + " GROUP BY family_id HAVING COUNT(*) > 1) t");
            long liveWithoutToken = count(
                    sql,
                    "SELECT COUNT(*) FROM jwt_refresh_family f WHERE f.revoked_at IS NULL AND NOT EXISTS"
                            + " (SELECT 1 FROM jwt_refresh_token t WHERE t.family_id = f.id AND t.used_at IS NULL)");
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
            return verdict(
                    "families in PostgreSQL: " + reasons + "; " + checked + " of " + seen.size()
                            + " the clients followed checked: " + lost + " lost rotations, " + wrongSize
                            + " with a missing or extra rotation; " + twoLive + " with two unused tokens, "
                            + liveWithoutToken + " live without one, " + orphans + " tokens without a family",
                    lost + wrongSize + twoLive + liveWithoutToken + orphans == 0 && checked == seen.size());
        }
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
