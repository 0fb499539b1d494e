package dev.jwtfilter.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.internal.jdbc.CountingDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many statements the JDBC store sends per operation, on H2 in memory: on PostgreSQL each is a round trip, and a
 * refresh or a logout is on the path of every client (docs/scaling.md measures them on a real PostgreSQL).
 */
class JdbcRefreshTokenStoreRoundTripsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");
    private static final RefreshTokenSettings RULES = RefreshTokenSettings.defaults();

    private CountingDataSource db;
    private JdbcRefreshTokenStore store;

    @BeforeEach
    void open() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        db = new CountingDataSource(h2);
        store = new JdbcRefreshTokenStore(db);
        store.createFamily(new RefreshFamily("family-1", "alice", NOW, NOW.plus(Duration.ofDays(14))), hash("first"));
        store.rotate(hash("first"), hash("warm"), null, NOW, RULES);
        db.reset();
    }

    private static String hash(String name) {
        return String.format("%64s", name).replace(' ', '0');
    }

    @Test
    void rotateWhenTokenCurrentThenTheFamilyIsLookedUpOnceAndSixStatementsRun() {
        RotationOutcome outcome = store.rotate(hash("warm"), hash("next"), null, NOW.plusSeconds(60), RULES);

        assertThat(outcome).isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(db.prepared()).hasSize(6);
        assertThat(db.prepared())
                .filteredOn(sql -> sql.contains("SELECT family_id"))
                .isEmpty();
        assertThat(db.calls("setTransactionIsolation")).isEqualTo(1);
    }

    @Test
    void rotateWhenTokenUnknownThenOneLookupAndNothingWritten() {
        RotationOutcome outcome = store.rotate(hash("unknown"), hash("next"), null, NOW.plusSeconds(60), RULES);

        assertThat(outcome).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.UNKNOWN));
        assertThat(db.prepared()).hasSize(1);
    }

    @Test
    void rotateWhenTokenReusedThenFamilyRevokedWithTwoStatementsAfterTheLookup() {
        RotationOutcome outcome = store.rotate(hash("first"), hash("next"), null, NOW.plusSeconds(60), RULES);

        assertThat(outcome).isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.REUSED));
        assertThat(db.prepared()).hasSize(3);
        assertThat(store.rotate(hash("warm"), hash("next"), null, NOW.plusSeconds(120), RULES))
                .isEqualTo(new RotationOutcome.Rejected(RotationOutcome.Reason.REVOKED));
    }

    @Test
    void revokeFamilyOfWhenLogoutThenOneStatementOutsideAnyTransaction() {
        assertThat(store.revokeFamilyOf(hash("warm"), NOW.plusSeconds(60))).isTrue();

        assertThat(db.prepared()).hasSize(1);
        assertThat(db.calls("commit")).isZero();
        assertThat(store.revokeFamilyOf(hash("warm"), NOW.plusSeconds(120))).isFalse();
        assertThat(store.revokeFamilyOf(hash("unknown"), NOW.plusSeconds(120))).isFalse();
    }
}
