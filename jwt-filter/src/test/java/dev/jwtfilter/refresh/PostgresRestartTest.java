package dev.jwtfilter.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.refresh.RotationOutcome.Reason;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store while its database restarts: calls fail with {@link RefreshStoreException} (which
 * the demo answers with 503) while it is down, and afterwards every token is where it was: nothing lost,
 * nothing duplicated, reuse still detected.
 */
class PostgresRestartTest {
    private static final RefreshTokenSettings RULES =
            new RefreshTokenSettings(Duration.ofDays(14), Duration.ofHours(24));

    private static EmbeddedPostgres start(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    private static int count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection();
                ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void rotateWhenDatabaseRestartsThenFailsCleanlyWhileDownAndLosesNothing() throws Exception {
        Path data = Files.createTempDirectory("pg-restart");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Instant t0 = Instant.parse("2026-11-29T12:00:00Z");
        String first = OpaqueTokens.hash(UUID.randomUUID().toString());
        String second = OpaqueTokens.hash(UUID.randomUUID().toString());
        String third = OpaqueTokens.hash(UUID.randomUUID().toString());
        EmbeddedPostgres postgres = start(data, port);
        DataSource db = postgres.getPostgresDatabase();
        JdbcRefreshTokenStore store = new JdbcRefreshTokenStore(db);
        store.createFamily(new RefreshFamily("family-1", "alice", t0, t0.plus(Duration.ofDays(14))), first);
        assertThat(store.rotate(first, second, t0.plusSeconds(1), RULES)).isInstanceOf(RotationOutcome.Rotated.class);

        postgres.close();
        assertThatThrownBy(() -> store.rotate(second, third, t0.plusSeconds(2), RULES))
                .isInstanceOf(RefreshStoreException.class)
                .hasMessageNotContaining(second);

        postgres = start(data, port);
        try {
            assertThat(store.rotate(second, third, t0.plusSeconds(3), RULES))
                    .isInstanceOf(RotationOutcome.Rotated.class);
            assertThat(count(db, "SELECT count(*) FROM jwt_refresh_token")).isEqualTo(3);
            assertThat(count(db, "SELECT count(*) FROM jwt_refresh_token WHERE used_at IS NULL"))
                    .isEqualTo(1);
            assertThat(store.rotate(first, OpaqueTokens.hash("x"), t0.plusSeconds(4), RULES))
                    .isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));
        } finally {
            postgres.close();
        }
    }
}
