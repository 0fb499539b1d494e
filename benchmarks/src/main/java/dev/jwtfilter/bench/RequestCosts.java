package dev.jwtfilter.bench;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each request to the demo costs its PostgreSQL: starts the executable WAR with {@code JWT_DB_URL} pointing at
 * a {@link PgWireCounter} in front of the database, warms it up, then for each kind of request resets
 * {@code pg_stat_statements}, sends the requests one after the other and reads the statements, rows, WAL bytes and
 * round trips they caused, printed per request.
 */
final class RequestCosts {
    private static final Pattern ACCESS = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");
    private static final String CREDENTIALS = "{\"username\":\"alice\",\"password\":\"alice-demo-pass\"}";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final StatementStats stats;
    private final PgWireCounter wire;
    private final List<String> tableLines = new ArrayList<>();
    private final List<String> detailLines = new ArrayList<>();

    /** An access token and the refresh token of its family. */
    record Tokens(String access, String refresh) {}

    /** One kind of request, sent {@code count} times. */
    @FunctionalInterface
    interface Requests {
        void send(int i) throws Exception;
    }

    RequestCosts(String base, StatementStats stats, PgWireCounter wire) {
        this.base = base;
        this.stats = stats;
        this.wire = wire;
    }

    /** Starts the WAR on a free port of 127.0.0.1 with the given database, and returns its base URL. */
    static Process startDemo(Path war, Path data, String jdbcUrl) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", war.toString(), "--port", "0");
        Map<String, String> env = builder.environment();
        env.put("JWT_DEMO_DATA", data.toString());
        env.put("JWT_DB_URL", jdbcUrl);
        env.put("JWT_DPOP", "dpop-allowed");
        env.put("JWT_LOGIN_HASH_CPU", "1");
        env.put("JWT_LOGIN_MAX_FAILURES", "1000000");
        env.put("JWT_LOGIN_MAX_FAILURES_PER_ADDRESS", "1000000");
        env.put("JWT_REFRESH_MAX_PER_MINUTE", "1000000");
        builder.redirectOutput(data.resolve("out.log").toFile());
        builder.redirectError(data.resolve("err.log").toFile());
        return builder.start();
    }

    static String awaitBase(Process demo, Path data) throws IOException, InterruptedException {
        Pattern listening = Pattern.compile("listening on (http:\\S+)");
        for (int i = 0; i < 240; i++) {
            Path out = data.resolve("out.log");
            Matcher m = listening.matcher(Files.exists(out) ? Files.readString(out) : "");
            if (m.find()) {
                return m.group(1).replace("localhost", "127.0.0.1");
            }
            if (!demo.isAlive()) {
                throw new IllegalStateException("demo exited: " + Files.readString(data.resolve("err.log")));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("demo did not start in 60 s");
    }

    /** Warms up (schema, pool, JIT), then measures each kind of request. */
    void run(int logins, int requests) throws Exception {
        warmUp();
        measure("login (password, bearer)", logins, i -> login(null));
        List<Tokens> forLogout = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            forLogout.add(login(null));
        }
        Tokens chain = login(null);
        List<String> fresh = new ArrayList<>();
        String[] current = {chain.refresh()};
        measure("refresh (rotation)", requests, i -> {
            Tokens next = refresh(current[0], null);
            current[0] = next.refresh();
            fresh.add(next.access());
        });
        measure("API request, token seen first (revocation cache miss)", requests, i -> api(fresh.get(i), 200));
        String one = fresh.get(0);
        api(one, 200);
        measure("API request, same token within 5 s (revocation cache hit)", requests, i -> api(one, 200));
        measure("logout (access token + refresh family)", logins, i -> logout(forLogout.get(i)));
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        measure("login with DPoP proof", Math.max(1, logins / 2), i -> login(key));
        Tokens bound = login(key);
        dpopApi(key, bound.access());
        measure("API request with DPoP proof (token cached)", requests, i -> dpopApi(key, bound.access()));
        String[] boundRefresh = {bound.refresh()};
        measure(
                "refresh with DPoP proof",
                requests / 2,
                i -> boundRefresh[0] = refresh(boundRefresh[0], key).refresh());
        System.out.println();
        System.out.println("| request | n | SELECT | SELECT FOR UPDATE | INSERT | UPDATE | DELETE | SET "
                + "| rows written | WAL bytes | round trips (of which pool checks) | bytes to/from db |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        tableLines.forEach(System.out::println);
        System.out.println();
        System.out.println("Statements per request:");
        detailLines.forEach(System.out::println);
    }

    private void warmUp() throws Exception {
        Tokens t = login(null);
        for (int i = 0; i < 30; i++) {
            t = new Tokens(t.access(), refresh(t.refresh(), null).refresh());
            api(t.access(), 200);
        }
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Tokens bound = login(key);
        for (int i = 0; i < 30; i++) {
            dpopApi(key, bound.access());
        }
        logout(login(null));
    }

    private void measure(String label, int count, Requests requests) throws Exception {
        Thread.sleep(300); // the previous phase's statements are all counted before the reset
        stats.reset();
        PgWireCounter.Counts before = wire.counts();
        for (int i = 0; i < count; i++) {
            requests.send(i);
        }
        PgWireCounter.Counts used = wire.counts().minus(before);
        List<StatementStats.Row> rows = stats.rows();
        Map<String, long[]> kinds = StatementStats.byKind(rows);
        long written = 0;
        long wal = 0;
        for (Map.Entry<String, long[]> kind : kinds.entrySet()) {
            if (kind.getKey().equals("INSERT")
                    || kind.getKey().equals("UPDATE")
                    || kind.getKey().equals("DELETE")) {
                written += kind.getValue()[1];
            }
            wal += kind.getValue()[2];
        }
        StringBuilder line = new StringBuilder("| " + label + " | " + count);
        for (String kind : List.of("SELECT", "SELECT FOR UPDATE", "INSERT", "UPDATE", "DELETE", "SET")) {
            long[] sums = kinds.get(kind);
            line.append(" | ").append(per(sums == null ? 0 : sums[0], count));
        }
        line.append(" | ").append(per(written, count));
        line.append(" | ").append(Math.round((double) wal / count));
        line.append(" | ")
                .append(per(used.roundTrips(), count))
                .append(" (")
                .append(per(used.emptyQueries(), count))
                .append(")");
        line.append(" | ")
                .append(Math.round((double) used.bytesToServer() / count))
                .append(" / ")
                .append(Math.round((double) used.bytesToClient() / count))
                .append(" |");
        tableLines.add(line.toString());
        detailLines.add("  " + label + ":");
        for (StatementStats.Row row : rows) {
            detailLines.add(String.format(
                    "    %5s x  %s", per(row.calls(), count), row.query().replaceAll("\\s+", " ")));
        }
        System.out.println("measured: " + line);
    }

    private static String per(long total, int count) {
        double value = (double) total / count;
        return value == Math.rint(value) ? Long.toString(Math.round(value)) : String.format("%.2f", value);
    }

    Tokens login(ECKey dpopKey) throws Exception {
        String endpoint = base + "/auth/login";
        HttpRequest.Builder request = post(endpoint, CREDENTIALS);
        if (dpopKey != null) {
            request.header("DPoP", DPoPProofPool.proof(dpopKey, "POST", endpoint, null));
        }
        return tokens(send(request.build(), 200));
    }

    private Tokens refresh(String refreshToken, ECKey dpopKey) throws Exception {
        String endpoint = base + "/auth/refresh";
        HttpRequest.Builder request = post(endpoint, "{\"refresh_token\":\"" + refreshToken + "\"}");
        if (dpopKey != null) {
            request.header("DPoP", DPoPProofPool.proof(dpopKey, "POST", endpoint, null));
        }
        return tokens(send(request.build(), 200));
    }

    private void logout(Tokens tokens) throws Exception {
        send(
                post(base + "/auth/logout", "{\"refresh_token\":\"" + tokens.refresh() + "\"}")
                        .header("Authorization", "Bearer " + tokens.access())
                        .build(),
                204);
    }

    private void api(String access, int status) throws Exception {
        send(
                HttpRequest.newBuilder(URI.create(base + "/api/me"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + access)
                        .build(),
                status);
    }

    private void dpopApi(ECKey key, String access) throws Exception {
        String target = base + "/api/me";
        send(
                HttpRequest.newBuilder(URI.create(target))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "DPoP " + access)
                        .header("DPoP", DPoPProofPool.proof(key, "GET", target, DPoPProofPool.ath(access)))
                        .build(),
                200);
    }

    private static HttpRequest.Builder post(String endpoint, String json) {
        return HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private String send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    request.method() + " " + request.uri().getPath() + ": HTTP " + response.statusCode()
                            + " instead of " + expected + ": " + response.body());
        }
        return response.body();
    }

    private static Tokens tokens(String body) {
        Matcher access = ACCESS.matcher(body);
        Matcher refresh = REFRESH.matcher(body);
        if (!access.find() || !refresh.find()) {
            throw new IllegalStateException("no tokens in the answer");
        }
        return new Tokens(access.group(1), refresh.group(1));
    }
}
