package dev.jwtfilter.bench;

import dev.jwtfilter.proof.JdbcDPoPReplayCache;
import dev.jwtfilter.refresh.JdbcRefreshTokenStore;
import dev.jwtfilter.refresh.RefreshFamily;
import dev.jwtfilter.refresh.RefreshTokenSettings;
import dev.jwtfilter.refresh.RotationOutcome;
import dev.jwtfilter.revoke.JdbcRevocationList;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * How many operations of each JDBC store one PostgreSQL sustains here: {@code threads} threads, each on its own
 * pooled connection, call the library's stores (not the HTTP demo) for a fixed time per kind, and the throughput and
 * the latency percentiles of each call are printed. Client and database share the machine's cores, so the figures
 * are the floor of what the database alone would do.
 */
final class StoreCapacity {
    /** Tokens a family has made on the last day of a 14-day life refreshed every 15 minutes. */
    static final int OLD_FAMILY_TOKENS = 14 * 24 * 4;

    private static final RefreshTokenSettings RULES = new RefreshTokenSettings(
                    Duration.ofDays(14), Duration.ofHours(24))
            .withRotationLimit(1_000_000, Duration.ofMinutes(1));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final StatementStats stats;
    private final List<String> statementLines = new ArrayList<>();
    private final int threads;
    private final Duration phase;
    private final List<String> lines = new ArrayList<>();

    /** One call to a store, by thread {@code t}. */
    @FunctionalInterface
    interface Call {
        void run(int thread) throws Exception;
    }

    StoreCapacity(DataSource dataSource, StatementStats stats, int threads, Duration phase) {
        this.dataSource = dataSource;
        this.stats = stats;
        this.threads = threads;
        this.phase = phase;
    }

    void run() throws Exception {
        JdbcRefreshTokenStore store = new JdbcRefreshTokenStore(dataSource);
        JdbcRevocationList revocations = new JdbcRevocationList(dataSource, Clock.systemUTC());
        JdbcDPoPReplayCache proofs = new JdbcDPoPReplayCache(dataSource);
        List<List<String>> current = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            current.add(new ArrayList<>());
        }
        timed("login: create a family and its first token (1 transaction)", t -> {
            String token = randomHash();
            store.createFamily(family(Instant.now()), token);
            current.get(t).add(token);
        });
        analyze(); // as autovacuum would have done by now on a table that grew from empty
        int[] next = new int[threads];
        timed("refresh: rotate a token of a young family", t -> rotate(store, current.get(t), next, t));
        List<List<String>> old = oldFamilies(store, 200);
        int[] nextOld = new int[threads];
        timed(
                "refresh: rotate a token of a family with " + OLD_FAMILY_TOKENS + " tokens (day 14)",
                t -> rotate(store, old.get(t), nextOld, t));
        timed(
                "logout: revoke an access token (INSERT)",
                t -> revocations.revoke(
                        "https://issuer.example",
                        UUID.randomUUID().toString(),
                        Instant.now().plus(Duration.ofMinutes(15))));
        timed("revocation check on a cache miss (SELECT, not revoked)", t -> {
            if (revocations.isRevoked(
                    "https://issuer.example", UUID.randomUUID().toString())) {
                throw new IllegalStateException("a random id was revoked");
            }
        });
        timed("DPoP proof id first use (INSERT)", t -> {
            Instant now = Instant.now();
            if (!proofs.firstUse(randomHash(), now.plus(Duration.ofMinutes(2)), now)) {
                throw new IllegalStateException("a random proof id was a replay");
            }
        });
        System.out.println();
        System.out.println("| operation (" + threads + " threads, " + phase.toSeconds() + " s) | calls | per second "
                + "| p50 ms | p99 ms | errors |");
        System.out.println("|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println("Time and WAL in the database per statement (pg_stat_statements, means per call):");
        statementLines.forEach(System.out::println);
        tableSizes();
    }

    private static void rotate(JdbcRefreshTokenStore store, List<String> tokens, int[] next, int t) {
        int i = next[t]++ % tokens.size();
        String newToken = randomHash();
        RotationOutcome outcome = store.rotate(tokens.get(i), newToken, null, Instant.now(), RULES);
        if (!(outcome instanceof RotationOutcome.Rotated)) {
            throw new IllegalStateException("rotation refused: " + outcome);
        }
        tokens.set(i, newToken);
    }

    /**
     * Families that have rotated every 15 minutes for 14 days, each with {@link #OLD_FAMILY_TOKENS} tokens, written in
     * one SQL statement each; then the tables are analyzed as autovacuum would.
     */
    private List<List<String>> oldFamilies(JdbcRefreshTokenStore store, int count) throws SQLException {
        List<List<String>> byThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            byThread.add(new ArrayList<>());
        }
        Instant start = Instant.now().minus(Duration.ofDays(14)).plus(Duration.ofHours(1));
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            for (int f = 0; f < count; f++) {
                String token = randomHash();
                RefreshFamily family = new RefreshFamily(
                        UUID.randomUUID().toString(), "user-" + f, start, start.plus(Duration.ofDays(14)));
                store.createFamily(family, randomHash());
                s.execute("UPDATE jwt_refresh_token SET used_at = issued_at WHERE family_id = '" + family.id() + "'");
                s.execute("UPDATE jwt_refresh_family SET last_used_at = now() - interval '15 minutes' WHERE id = '"
                        + family.id() + "'");
                s.execute("INSERT INTO jwt_refresh_token (token_hash, family_id, issued_at, used_at) "
                        + "SELECT encode(sha256(random()::text::bytea), 'hex'), '" + family.id() + "', "
                        + "now() - interval '14 days' + g * interval '15 minutes', "
                        + "now() - interval '14 days' + (g + 1) * interval '15 minutes' "
                        + "FROM generate_series(1, " + (OLD_FAMILY_TOKENS - 2) + ") g");
                s.execute("INSERT INTO jwt_refresh_token (token_hash, family_id, issued_at) VALUES ('" + token + "', '"
                        + family.id() + "', now() - interval '1 minute')");
                byThread.get(f % threads).add(token);
            }
        }
        analyze();
        return byThread;
    }

    private void analyze() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    private void timed(String label, Call call) throws Exception {
        stats.reset();
        long end = System.nanoTime() + phase.toNanos();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            latencies[t] = new long[1 << 16];
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long before = System.nanoTime();
                    try {
                        call.run(thread);
                    } catch (Exception e) {
                        if (errors.incrementAndGet() == 1) {
                            System.err.println(label + ": " + e);
                        }
                        continue;
                    }
                    if (counts[thread] == latencies[thread].length) {
                        latencies[thread] = Arrays.copyOf(latencies[thread], counts[thread] * 2);
                    }
                    latencies[thread][counts[thread]++] = System.nanoTime() - before;
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        String line = String.format(
                "| %s | %d | %.0f | %.2f | %.2f | %d |",
                label, all.length, all.length / seconds, percentile(all, 50), percentile(all, 99), errors.get());
        lines.add(line);
        System.out.println("measured: " + line);
        statementLines.add("  " + label + ":");
        for (StatementStats.Row row : stats.rows()) {
            statementLines.add(String.format(
                    "    %8d calls, %7.3f ms mean, %6.0f WAL bytes mean  %s",
                    row.calls(),
                    row.totalMillis() / row.calls(),
                    (double) row.walBytes() / row.calls(),
                    row.query().replaceAll("\\s+", " ")));
        }
    }

    private static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    /** Each table's rows and bytes on disk (heap, indexes), after a plain VACUUM as autovacuum would run. */
    private void tableSizes() throws SQLException {
        System.out.println();
        System.out.println(
                "| table | live rows | heap bytes/row | index bytes/row | total bytes/row | avg row (pg_column_size) |");
        System.out.println("|---|---|---|---|---|---|");
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            for (String table :
                    List.of("jwt_refresh_family", "jwt_refresh_token", "jwt_revoked_token", "jwt_dpop_proof")) {
                s.execute("VACUUM ANALYZE " + table);
                try (ResultSet r = s.executeQuery("SELECT count(*), pg_relation_size('" + table + "'), "
                        + "pg_indexes_size('" + table + "'), pg_total_relation_size('" + table + "'), "
                        + "(SELECT avg(pg_column_size(t.*)) FROM " + table + " t) FROM " + table)) {
                    r.next();
                    long rows = r.getLong(1);
                    System.out.printf(
                            "| %s | %d | %.0f | %.0f | %.0f | %.0f |%n",
                            table,
                            rows,
                            (double) r.getLong(2) / rows,
                            (double) r.getLong(3) / rows,
                            (double) r.getLong(4) / rows,
                            r.getDouble(5));
                }
            }
        }
    }

    private static RefreshFamily family(Instant now) {
        return new RefreshFamily(
                UUID.randomUUID().toString(), "user-" + RANDOM.nextInt(1_000_000), now, now.plus(Duration.ofDays(14)));
    }

    /** What the refresh service stores of a token: the SHA-256 of 32 random bytes, in hex. */
    private static String randomHash() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
