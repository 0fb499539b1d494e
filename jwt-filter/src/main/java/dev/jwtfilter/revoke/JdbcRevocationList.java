package dev.jwtfilter.revoke;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
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
        this.dataSource = dataSource;
        this.clock = clock;
        createTable();
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
        run("revoke", c -> {
            try {
                return update(c, "INSERT INTO jwt_revoked_token (jti, iss, expires_at) VALUES (?, ?, ?)", jti, iss, keepUntil);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                return update(c, "UPDATE jwt_revoked_token SET expires_at = ? WHERE jti = ? AND iss = ? AND expires_at < ?",
                        keepUntil, jti, iss, keepUntil);
            }
        });
        purgeAtMostOnceAMinute();
    }

    /** Also true when a row from before issuers were stored (its issuer empty) holds the id: fail closed. */
    @Override
    public boolean isRevoked(String issuer, String tokenId) {
        if (issuer.isEmpty() || tokenId.isEmpty()) {
            return false; // could never have been stored
        }
        String jti = storedId(tokenId);
        String iss = storedId(issuer);
        return run("check", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT 1 FROM jwt_revoked_token WHERE jti = ? AND iss IN (?, '')")) {
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
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(tokenId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Deletes the rows whose instant has passed.
     *
     * @return how many
     * @throws RevocationUnavailableException if the database fails
     */
    public int purgeExpired() {
        return run("purge", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM jwt_revoked_token WHERE expires_at < ?")) {
                delete.setObject(1, time(clock.instant()));
                return delete.executeUpdate();
            }
        });
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

    private static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i] instanceof Instant instant ? time(instant) : values[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private <T> T run(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true); // one statement at a time; a duplicate key must not abort a transaction
            return work.run(c);
        } catch (SQLException e) {
            throw new RevocationUnavailableException("Revocation list failed to " + what + " (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    private void createTable() {
        String what = "create its table " + RevocationSchema.TABLE + ", or add the issuer column to an older one";
        try {
            run(what, RevocationSchema::createOrMigrate);
        } catch (RevocationUnavailableException first) {
            // Two nodes starting at once can race on IF NOT EXISTS in PostgreSQL; the second try sees the table.
            try {
                run(what, RevocationSchema::createOrMigrate);
            } catch (RevocationUnavailableException e) {
                e.addSuppressed(first);
                throw e;
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
