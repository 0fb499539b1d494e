package dev.jwtfilter.revoke;

import dev.jwtfilter.verify.RevocationUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link RevocationList} in a SQL database reached through plain JDBC, so that every node sharing the
 * database sees every revocation; tested on H2 and PostgreSQL. It can share the refresh-token store's
 * database ({@code JdbcRefreshTokenStore#dataSource()}). Its table, {@code jwt_revoked_token}, is
 * created on first use if missing. Revoking is one {@code INSERT}; a duplicate id (SQL state 23505, the
 * same in both databases) keeps the later instant instead of failing. Rows whose instant has passed are
 * deleted by {@link #purgeExpired()}, which {@link #revoke} runs itself at most once a minute. Each call
 * asks the database: put a {@link CachingRevocationList} in front of it for request-time checks (the
 * filter does). Thread safe; pool the data source for PostgreSQL.
 */
public final class JdbcRevocationList implements RevocationList {
    /** Longest {@code jti} the table holds. */
    public static final int MAX_ID_LENGTH = 255;
    private static final System.Logger LOG = System.getLogger(JdbcRevocationList.class.getName());
    private static final long PURGE_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final String UNIQUE_VIOLATION = "23505";
    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS jwt_revoked_token ("
                    + "jti VARCHAR(255) PRIMARY KEY, "
                    + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL)",
            "CREATE INDEX IF NOT EXISTS jwt_revoked_token_expires ON jwt_revoked_token (expires_at)");

    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicLong nextPurgeMillis = new AtomicLong(Long.MIN_VALUE);

    /**
     * Uses a data source and creates the table if it is missing.
     *
     * @param dataSource the database, for example the refresh-token store's
     * @param clock decides which rows {@link #purgeExpired()} deletes
     * @throws RevocationUnavailableException if the table cannot be created
     */
    public JdbcRevocationList(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        createTable();
    }

    /**
     * @throws IllegalArgumentException if the id is empty; an id longer than {@link #MAX_ID_LENGTH} is kept
     *         as its SHA-256, so a token with a long {@code jti} can be revoked like any other
     */
    @Override
    public void revoke(String tokenId, Instant keepUntil) {
        if (tokenId.isEmpty()) {
            throw new IllegalArgumentException("A token id must not be empty");
        }
        String jti = storedId(tokenId);
        run("revoke", c -> {
            try {
                return update(c, "INSERT INTO jwt_revoked_token (jti, expires_at) VALUES (?, ?)", jti, keepUntil);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                return update(c, "UPDATE jwt_revoked_token SET expires_at = ? WHERE jti = ? AND expires_at < ?",
                        keepUntil, jti, keepUntil);
            }
        });
        purgeAtMostOnceAMinute();
    }

    @Override
    public boolean isRevoked(String tokenId) {
        if (tokenId.isEmpty()) {
            return false; // could never have been stored
        }
        String jti = storedId(tokenId);
        return run("check", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM jwt_revoked_token WHERE jti = ?")) {
                select.setString(1, jti);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    /** The id as stored: itself, or {@code sha256:} and its hex digest when too long for the column (or so prefixed). */
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
        try {
            run("create its table", JdbcRevocationList::executeDdl);
        } catch (RevocationUnavailableException first) {
            // Two nodes starting at once can race on IF NOT EXISTS in PostgreSQL; the second try sees the table.
            try {
                run("create its table", JdbcRevocationList::executeDdl);
            } catch (RevocationUnavailableException e) {
                e.addSuppressed(first);
                throw e;
            }
        }
    }

    private static Void executeDdl(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
