package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.refresh.JdbcRefreshTokenStore;
import dev.jwtfilter.verify.VerifiedJwt;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDBC list on the embedded default, sharing the H2 file database of the refresh-token store, as the
 * demo runs it; two list instances over that database stand for two nodes.
 */
class H2RevocationListTest extends JdbcRevocationListContract {
    private static JdbcRefreshTokenStore refreshStore;
    private static DataSource db;
    private final Map<DataSource, Path> ownDatabases = new HashMap<>();
    private final List<JdbcRefreshTokenStore> openStores = new ArrayList<>();
    private final JdbcRevocationList nodeA = new JdbcRevocationList(db, clock);
    private final JdbcRevocationList nodeB = new JdbcRevocationList(db, clock);

    @BeforeAll
    static void open() throws Exception {
        refreshStore = JdbcRefreshTokenStore.h2File(Files.createTempDirectory("h2-revoked"));
        db = refreshStore.dataSource();
    }

    @AfterAll
    static void close() {
        refreshStore.close();
    }

    @AfterEach
    void closeOwnDatabases() {
        openStores.forEach(JdbcRefreshTokenStore::close);
    }

    /** A demo-like H2 file of its own. */
    @Override
    DataSource emptyDatabase() throws Exception {
        Path directory = Files.createTempDirectory("h2-revoked-own");
        JdbcRefreshTokenStore store = JdbcRefreshTokenStore.h2File(directory);
        openStores.add(store);
        ownDatabases.put(store.dataSource(), directory);
        return store.dataSource();
    }

    /** Shuts the H2 file down and opens it again, as a redeployed demo does. */
    @Override
    DataSource restarted(DataSource own) {
        JdbcRefreshTokenStore closing = openStores.remove(openStores.size() - 1);
        closing.close();
        JdbcRefreshTokenStore reopened = JdbcRefreshTokenStore.h2File(ownDatabases.get(own));
        openStores.add(reopened);
        return reopened.dataSource();
    }

    @Override
    RevocationList nodeA() {
        return nodeA;
    }

    @Override
    RevocationList nodeB() {
        return nodeB;
    }

    private static Instant storedInstant(String jti) throws SQLException {
        try (Connection c = db.getConnection();
                ResultSet row = c.createStatement()
                        .executeQuery("SELECT expires_at FROM jwt_revoked_token WHERE jti = '" + jti + "'")) {
            return row.next() ? row.getObject(1, OffsetDateTime.class).toInstant() : null;
        }
    }

    @Test
    void revokeWhenRevokedAgainThenTheLaterInstantIsKept() throws Exception {
        String jti = id();
        nodeA.revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(10)));

        nodeB.revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(20)));
        nodeA.revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(5)));

        assertThat(storedInstant(jti)).isEqualTo(T0.plus(Duration.ofMinutes(20)));
    }

    @Test
    void revokeWhenGivenAVerifiedTokenThenKeptUntilItsExpPlusTheSkewGiven() throws Exception {
        String jti = id();
        VerifiedJwt jwt = new VerifiedJwt(
                Map.of("iss", ISSUER, "jti", jti, "exp", T0.plusSeconds(300).getEpochSecond()), "RS256", null);

        nodeA.revoke(jwt, Duration.ofMinutes(10));

        assertThat(storedInstant(jti)).isEqualTo(T0.plusSeconds(300).plus(Duration.ofMinutes(10)));
    }

    @Test
    void revokeWhenIssuerLongerThanTheColumnThenKeptAsItsDigest() {
        String longIssuer = "https://login.example.com/" + "r".repeat(JdbcRevocationList.MAX_ID_LENGTH);
        String jti = id();

        nodeA.revoke(longIssuer, jti, T0.plusSeconds(60));

        assertThat(nodeB.isRevoked(longIssuer, jti)).isTrue();
        assertThat(nodeB.isRevoked(longIssuer + "x", jti)).isFalse();
    }

    @Test
    void purgeExpiredWhenInstantPassedThenOnlyThoseRowsDeleted() throws Exception {
        String old = id();
        String live = id();
        nodeA.revoke(ISSUER, old, T0.plusSeconds(30));
        nodeA.revoke(ISSUER, live, T0.plus(Duration.ofMinutes(15)));
        clock.advance(Duration.ofSeconds(31));

        assertThat(nodeB.purgeExpired()).isGreaterThanOrEqualTo(1);

        assertThat(nodeA.isRevoked(ISSUER, old)).isFalse();
        assertThat(nodeA.isRevoked(ISSUER, live)).isTrue();
    }

    @Test
    void revokeWhenAMinuteHasPassedSinceTheLastPurgeThenPurgesOnItsOwn() throws Exception {
        String first = id();
        nodeA.revoke(
                ISSUER, first, T0.plusSeconds(10)); // the first revocation purges, and schedules the next in a minute
        clock.advance(Duration.ofSeconds(30));
        nodeA.revoke(ISSUER, id(), T0.plus(Duration.ofMinutes(15)));
        assertThat(storedInstant(first)).as("no purge within the minute").isNotNull();

        clock.advance(Duration.ofSeconds(31));
        nodeA.revoke(ISSUER, id(), T0.plus(Duration.ofMinutes(15)));

        assertThat(storedInstant(first)).isNull();
    }

    @Test
    void revokeWhenIdLongerThanTheColumnThenKeptAsItsDigestAndSeenByEveryNode() {
        String longId = "x".repeat(JdbcRevocationList.MAX_ID_LENGTH + 1);
        String prefixed = "sha256:" + "0".repeat(64); // an id that looks like a stored digest is digested too

        nodeA.revoke(ISSUER, longId, T0.plusSeconds(60));
        nodeA.revoke(ISSUER, "y".repeat(JdbcRevocationList.MAX_ID_LENGTH), T0.plusSeconds(60));

        assertThat(nodeB.isRevoked(ISSUER, longId)).isTrue();
        assertThat(nodeB.isRevoked(ISSUER, "x".repeat(JdbcRevocationList.MAX_ID_LENGTH + 2)))
                .isFalse();
        assertThat(nodeB.isRevoked(ISSUER, "y".repeat(JdbcRevocationList.MAX_ID_LENGTH)))
                .isTrue();
        assertThat(nodeB.isRevoked(ISSUER, prefixed)).isFalse();
        assertThatThrownBy(() -> nodeA.revoke(ISSUER, "", T0.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isRevokedWhenDatabaseUnreachableThenUnavailableWithoutTheId() {
        FailingDataSource broken = new FailingDataSource(db);
        JdbcRevocationList list = new JdbcRevocationList(broken, clock);
        broken.down = true;
        String jti = id();

        assertThatThrownBy(() -> list.isRevoked(ISSUER, jti))
                .isInstanceOf(RevocationUnavailableException.class)
                .hasMessageContaining("SQL state 08001")
                .hasMessageNotContaining(jti);
        assertThatThrownBy(() -> list.revoke(ISSUER, jti, T0.plusSeconds(60)))
                .isInstanceOf(RevocationUnavailableException.class)
                .hasMessageNotContaining(jti);
    }

    @Test
    void constructorWhenTableCannotBeCreatedThenUnavailable() {
        FailingDataSource broken = new FailingDataSource(db);
        broken.down = true;

        assertThatThrownBy(() -> new JdbcRevocationList(broken, clock))
                .isInstanceOf(RevocationUnavailableException.class)
                .hasMessageContaining("create its table");
    }

    /** A data source that can be switched off, as a database that went away. */
    static final class FailingDataSource implements DataSource {
        private final DataSource real;
        volatile boolean down;

        FailingDataSource(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLNonTransientConnectionException("connection refused", "08001");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("Not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
