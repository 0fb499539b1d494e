package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC list owes on every database besides the {@link RevocationListContract}: a table of the first
 * shape (keyed by {@code jti} alone, as the releases before issuer keys made it) is migrated on start-up
 * without losing a revocation, and a table it does not know stops start-up with a clear message.
 */
abstract class JdbcRevocationListContract extends RevocationListContract {
    /** The DDL of the first release, exactly. */
    private static final String FIRST_SHAPE = "CREATE TABLE jwt_revoked_token (jti VARCHAR(255) PRIMARY KEY, "
            + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL)";

    /** @return an empty database of its own, for one test; it stays open until the test class ends */
    abstract DataSource emptyDatabase() throws Exception;

    /** @return the same database after a restart of the application (the same one where nothing restarts) */
    DataSource restarted(DataSource db) throws Exception {
        return db;
    }

    static void execute(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void insertFirstShapeRow(DataSource db, String storedId, Instant until) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO jwt_revoked_token (jti, expires_at) VALUES (?, ?)")) {
            insert.setString(1, storedId);
            insert.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    private static Set<String> primaryKey(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            String table = c.getMetaData().storesUpperCaseIdentifiers() ? "JWT_REVOKED_TOKEN" : "jwt_revoked_token";
            Set<String> columns = new TreeSet<>();
            try (ResultSet rows = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(), table)) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            return columns;
        }
    }

    /** An old database: one short id and one long one (stored as its digest), revoked before issuers were kept. */
    private DataSource firstShapeDatabase(String shortId, String longId) throws Exception {
        DataSource db = emptyDatabase();
        execute(db, FIRST_SHAPE);
        execute(db, "CREATE INDEX jwt_revoked_token_expires ON jwt_revoked_token (expires_at)");
        insertFirstShapeRow(db, shortId, T0.plus(Duration.ofMinutes(10)));
        insertFirstShapeRow(db, JdbcRevocationList.storedId(longId), T0.plus(Duration.ofMinutes(20)));
        return restarted(db);
    }

    @Test
    void purgeExpiredWhenSomeInstantsPassedThenExactlyThoseRowsGoAndTheOthersStay() throws Exception {
        JdbcRevocationList list = new JdbcRevocationList(emptyDatabase(), clock);
        String passed = id();
        String alsoPassed = id();
        String endingNow = id();
        String live = id();
        list.revoke(ISSUER, passed, T0.plusSeconds(10));
        list.revoke(PARTNER, alsoPassed, T0.plusSeconds(29));
        list.revoke(ISSUER, endingNow, T0.plusSeconds(30));
        list.revoke(ISSUER, live, T0.plus(Duration.ofMinutes(15)));
        clock.advance(Duration.ofSeconds(30));

        assertThat(list.purgeExpired()).isEqualTo(2);

        assertThat(list.isRevoked(ISSUER, passed)).isFalse();
        assertThat(list.isRevoked(PARTNER, alsoPassed)).isFalse();
        assertThat(list.isRevoked(ISSUER, endingNow))
                .as("kept through its last instant: over-revoking, never under-revoking")
                .isTrue();
        assertThat(list.isRevoked(ISSUER, live)).isTrue();
        assertThat(list.purgeExpired()).isZero();
    }

    @Test
    void revokeWhenAMinuteHasPassedSinceItsLastPurgeThenPurgesOnItsOwnAndKeepsLiveRows() throws Exception {
        JdbcRevocationList list = new JdbcRevocationList(emptyDatabase(), clock);
        String passed = id();
        String live = id();
        list.revoke(ISSUER, passed, T0.plusSeconds(10)); // purges now, and next in a minute
        clock.advance(Duration.ofSeconds(30));
        list.revoke(ISSUER, live, T0.plus(Duration.ofMinutes(15)));
        assertThat(list.isRevoked(ISSUER, passed))
                .as("not purged within the minute: still refused")
                .isTrue();

        clock.advance(Duration.ofSeconds(31));
        list.revoke(ISSUER, id(), T0.plus(Duration.ofMinutes(15)));

        assertThat(list.isRevoked(ISSUER, passed)).isFalse();
        assertThat(list.isRevoked(ISSUER, live)).isTrue();
    }

    @Test
    void constructorWhenTableOfTheFirstShapeThenMigratedAndItsRowsStillRevokeTheIdForEveryIssuer() throws Exception {
        String shortId = id();
        String longId = "x".repeat(JdbcRevocationList.MAX_ID_LENGTH + 1);
        DataSource db = firstShapeDatabase(shortId, longId);

        JdbcRevocationList list = new JdbcRevocationList(db, clock);

        assertThat(primaryKey(db)).containsExactly("iss", "jti");
        assertThat(list.isRevoked(ISSUER, shortId)).isTrue();
        assertThat(list.isRevoked(PARTNER, shortId))
                .as("an old row does not know its issuer: it fails closed")
                .isTrue();
        assertThat(list.isRevoked(PARTNER, longId)).isTrue();
        assertThat(list.isRevoked(ISSUER, id())).isFalse();
        clock.advance(Duration.ofMinutes(11));
        assertThat(list.purgeExpired()).isEqualTo(1);
        assertThat(list.isRevoked(ISSUER, shortId))
                .as("old rows still go at their instant")
                .isFalse();
        assertThat(list.isRevoked(ISSUER, longId)).isTrue();
    }

    @Test
    void constructorWhenMigratedThenNewRevocationsAreKeyedByIssuerAndTheMigrationRunsOnce() throws Exception {
        String oldId = id();
        String newId = id();
        DataSource db = firstShapeDatabase(oldId, id());
        JdbcRevocationList list = new JdbcRevocationList(db, clock);

        list.revoke(PARTNER, oldId, T0.plus(Duration.ofMinutes(30))); // no clash with the old row's key
        list.revoke(ISSUER, newId, T0.plus(Duration.ofMinutes(30)));
        JdbcRevocationList again = new JdbcRevocationList(db, clock);

        assertThat(again.isRevoked(ISSUER, newId)).isTrue();
        assertThat(again.isRevoked(PARTNER, newId)).isFalse();
        assertThat(again.isRevoked(ISSUER, oldId)).isTrue();
    }

    @Test
    void constructorWhenMigratedThenANodeOfTheOlderVersionStillRevokesForEveryIssuer() throws Exception {
        String byOldNode = id();
        DataSource db = firstShapeDatabase(id(), id());
        JdbcRevocationList list = new JdbcRevocationList(db, clock);

        // During a rolling upgrade a node of the older version still writes the first shape's row.
        insertFirstShapeRow(db, byOldNode, T0.plus(Duration.ofMinutes(30)));

        assertThat(list.isRevoked(ISSUER, byOldNode)).isTrue();
        assertThat(list.isRevoked(PARTNER, byOldNode))
                .as("no issuer known: fails closed")
                .isTrue();
    }

    @Test
    void constructorWhenTableHasAKeyOfItsOwnThenStartupFailsAndSaysSo() throws Exception {
        DataSource db = emptyDatabase();
        execute(
                db,
                "CREATE TABLE jwt_revoked_token (id INTEGER PRIMARY KEY, jti VARCHAR(255) NOT NULL, "
                        + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL)");

        assertThatThrownBy(() -> new JdbcRevocationList(db, clock))
                .isInstanceOf(RevocationUnavailableException.class)
                .hasMessageContaining("jwt_revoked_token")
                .hasMessageContaining("primary key [id]");
        assertThatThrownBy(() -> execute(db, "SELECT iss FROM jwt_revoked_token"))
                .as("a table this library did not make is left as it was")
                .isInstanceOf(SQLException.class);
    }
}
