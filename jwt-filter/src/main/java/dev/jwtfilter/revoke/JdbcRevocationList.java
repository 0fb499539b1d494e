package dev.jwtfilter.revoke;

import dev.jwtfilter.internal.Sha256;
import dev.jwtfilter.internal.jdbc.JdbcCalls;
import dev.jwtfilter.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link RevocationList} in a SQL database reached through plain JDBC, so that every node sharing the
 * database sees every revocation; tested on H2 and PostgreSQL. It can share the refresh-token store's
 * database ({@code JdbcRefreshTokenStore#dataSource()}). Its table, {@code jwt_revoked_token (jti, iss,
 * expires_at)} keyed by {@code (jti, iss)}, is created on first use if missing; a table of the first shape,
 * keyed by {@code jti} alone, gets its {@code iss} column on start-up, its old rows with an empty issuer that
 * matches every issuer (see {@link RevocationSchema}). Revoking is one {@code INSERT}; a duplicate key (SQL
 * state 23505, the same in both databases) keeps the later instant instead of failing. Rows whose instant has
 * passed are deleted by {@link #purgeExpired()}, which {@link #revoke} runs itself at most once a minute. Each
 * call asks the database: put a {@link CachingRevocationList} in front of it for request-time checks (the
 * filter does). Thread safe; pool the data source for PostgreSQL.
 */
public final class JdbcRevocationList implements RevocationList {
    /** Longest {@code jti} or {@code iss} the table holds as it is; a longer one is kept as its SHA-256. */
    public static final int MAX_ID_LENGTH = 255;

    private static final System.Logger LOG = System.getLogger(JdbcRevocationList.class.getName());
    private static final long PURGE_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final String INSERT = "INSERT INTO jwt_revoked_token (jti, iss, expires_at) VALUES (?, ?, ?)";
    private static final String EXTEND =
            "UPDATE jwt_revoked_token SET expires_at = ? WHERE jti = ? AND iss = ? AND expires_at < ?";
    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcCalls calls;
    private final Clock clock;
    private final AtomicLong nextPurgeMillis = new AtomicLong(Long.MIN_VALUE);

    /**
     * Uses a data source and creates the table if it is missing.
     *
     * @param dataSource the database, for example the refresh-token store's
     * @param clock decides which rows {@link #purgeExpired()} deletes
     * @throws RevocationUnavailableException if the table cannot be created, or an older one cannot be given
     *         its issuer column (that needs {@code ALTER TABLE} rights once)
     */
    public JdbcRevocationList(DataSource dataSource, Clock clock) {
        this.calls = new JdbcCalls(dataSource, "Revocation list", RevocationUnavailableException::new);
        this.clock = clock;
        calls.createSchema(
                "create its table " + RevocationSchema.TABLE + ", or add the issuer column to an older one",
                RevocationSchema::createOrMigrate);
    }

    /**
     * @throws IllegalArgumentException if the issuer or the id is empty; one longer than {@link #MAX_ID_LENGTH}
     *         is kept as its SHA-256, so a token with a long {@code jti} or {@code iss} can be revoked like any other
     */
    @Override
    public void revoke(String issuer, String tokenId, Instant keepUntil) {
        if (issuer.isEmpty() || tokenId.isEmpty()) {
            throw new IllegalArgumentException("A token id and its issuer must not be empty");
        }
        String jti = storedId(tokenId);
        String iss = storedId(issuer);
        // auto-commit: the duplicate key must not abort a transaction
        calls.autoCommit("revoke", c -> insertOrExtend(c, jti, iss, keepUntil));
        purgeAtMostOnceAMinute();
    }

    /** Inserts the revocation, or on a duplicate keeps the row until the later of the two instants. */
    private static int insertOrExtend(Connection c, String jti, String iss, Instant keepUntil) throws SQLException {
        try {
            return Sql.update(c, INSERT, jti, iss, keepUntil);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            return Sql.update(c, EXTEND, keepUntil, jti, iss, keepUntil);
        }
    }

    /** Also true when a row from before issuers were stored (its issuer empty) holds the id: fail closed. */
    @Override
    public boolean isRevoked(String issuer, String tokenId) {
        if (issuer.isEmpty() || tokenId.isEmpty()) {
            return false; // could never have been stored
        }
        String jti = storedId(tokenId);
        String iss = storedId(issuer);
        return calls.autoCommit("check", c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT 1 FROM jwt_revoked_token WHERE jti = ? AND iss IN (?, '')")) {
                select.setString(1, jti);
                select.setString(2, iss);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    /** The id or issuer as stored: itself, or {@code sha256:} and its hex digest when too long for the column (or so prefixed). */
    static String storedId(String tokenId) {
        if (tokenId.length() <= MAX_ID_LENGTH && !tokenId.startsWith("sha256:")) {
            return tokenId;
        }
        return "sha256:" + Sha256.hex(tokenId);
    }

    /**
     * Deletes the rows whose instant has passed.
     *
     * @return how many
     * @throws RevocationUnavailableException if the database fails
     */
    public int purgeExpired() {
        return calls.autoCommit(
                "purge", c -> Sql.update(c, "DELETE FROM jwt_revoked_token WHERE expires_at < ?", clock.instant()));
    }

    private void purgeAtMostOnceAMinute() {
        long now = clock.millis();
        long due = nextPurgeMillis.get();
        if (now < due || !nextPurgeMillis.compareAndSet(due, now + PURGE_INTERVAL_MILLIS)) {
            return;
        }
        try {
            purgeExpired();
        } catch (RevocationUnavailableException e) {
            // The revocation itself is stored; leftover rows only wait for the next purge.
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }
}
