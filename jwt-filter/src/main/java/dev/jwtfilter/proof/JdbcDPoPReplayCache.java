package dev.jwtfilter.proof;

import dev.jwtfilter.internal.Sha256;
import dev.jwtfilter.internal.jdbc.JdbcCalls;
import dev.jwtfilter.internal.jdbc.Sql;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A {@link DPoPReplayCache} in a SQL database reached through plain JDBC, so that a proof used on one node is
 * refused on every other node sharing the database (RFC 9449 section 11.1); tested on H2 and PostgreSQL. It can
 * share the refresh-token store's and the revocation list's database. Its table, {@code jwt_dpop_proof
 * (proof_key, expires_at)} keyed by {@code proof_key}, holds only the verifier's digest of the proof's key
 * thumbprint and {@code jti}, never a proof or a token; it is created if missing. A first use is one
 * {@code INSERT} in auto-commit; a duplicate key (SQL state 23505, the same in both databases) means the proof
 * was seen, unless that row's window has closed, when a conditional {@code UPDATE} takes it over, as the
 * in-memory cache forgets an expired entry. Any other failure of the database fails closed with
 * {@link Reason#REPLAY_CHECK_UNAVAILABLE} (503), never "first use". Expired rows are deleted at most once a
 * minute. Thread safe; pool the data source for PostgreSQL.
 */
public final class JdbcDPoPReplayCache implements DPoPReplayCache {
    /** Longest key stored as it is (a SHA-256 in hex); a longer one is stored as its own SHA-256. */
    public static final int MAX_KEY_LENGTH = 64;

    private static final System.Logger LOG = System.getLogger(JdbcDPoPReplayCache.class.getName());
    private static final String TABLE = "jwt_dpop_proof";
    private static final List<String> CREATE = List.of(
            "CREATE TABLE IF NOT EXISTS " + TABLE + " (proof_key VARCHAR(" + MAX_KEY_LENGTH + ") PRIMARY KEY, "
                    + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL)",
            "CREATE INDEX IF NOT EXISTS jwt_dpop_proof_expires ON " + TABLE + " (expires_at)");
    private static final String INSERT = "INSERT INTO " + TABLE + " (proof_key, expires_at) VALUES (?, ?)";
    private static final String TAKE_OVER_EXPIRED =
            "UPDATE " + TABLE + " SET expires_at = ? WHERE proof_key = ? AND expires_at <= ?";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final long PURGE_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();

    private final JdbcCalls calls;
    private final AtomicLong nextPurgeMillis = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean schemaReady;

    /** The database's failure, inside this class only: turned into {@link Reason#REPLAY_CHECK_UNAVAILABLE}. */
    private static final class StoreDown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreDown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Uses a data source and creates the table if it is missing. If the database does not answer now, the table
     * is created on the first use instead, and proofs are refused (503) until it can be.
     *
     * @param dataSource the database, for example the refresh-token store's
     */
    public JdbcDPoPReplayCache(DataSource dataSource) {
        this.calls = new JdbcCalls(dataSource, "DPoP replay cache", StoreDown::new);
        try {
            ensureSchema();
        } catch (StoreDown e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }

    @Override
    public boolean firstUse(String key, Instant expiresAt, Instant now) throws DPoPProofException {
        String stored = storedKey(key);
        boolean first;
        try {
            ensureSchema();
            // auto-commit: the duplicate key must not abort a transaction
            first = calls.autoCommit("record a proof", c -> insertOrTakeOverExpired(c, stored, expiresAt, now));
        } catch (StoreDown e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            throw new DPoPProofException(Reason.REPLAY_CHECK_UNAVAILABLE, "DPoP replay cache unavailable");
        }
        purgeAtMostOnceAMinute(now);
        return first;
    }

    /**
     * Deletes the rows whose window has closed.
     *
     * @param now the current time
     * @return how many
     * @throws DPoPProofException reason {@code REPLAY_CHECK_UNAVAILABLE} if the database fails
     */
    public int purgeExpired(Instant now) throws DPoPProofException {
        try {
            return calls.autoCommit(
                    "purge", c -> Sql.update(c, "DELETE FROM " + TABLE + " WHERE expires_at <= ?", now));
        } catch (StoreDown e) {
            throw new DPoPProofException(Reason.REPLAY_CHECK_UNAVAILABLE, e.getMessage());
        }
    }

    /** The key as stored: itself, or its SHA-256 in hex when longer than the column. */
    static String storedKey(String key) {
        return key.length() <= MAX_KEY_LENGTH ? key : Sha256.hex(key);
    }

    private void ensureSchema() {
        if (!schemaReady) {
            calls.createSchema("create its table " + TABLE, c -> {
                Sql.execute(c, CREATE);
                return null;
            });
            schemaReady = true;
        }
    }

    /** True if the insert succeeds, or if the key's row had expired and this call is the one that renewed it. */
    private static boolean insertOrTakeOverExpired(Connection c, String key, Instant expiresAt, Instant now)
            throws SQLException {
        try {
            return Sql.update(c, INSERT, key, expiresAt) == 1;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            return Sql.update(c, TAKE_OVER_EXPIRED, expiresAt, key, now) == 1;
        }
    }

    private void purgeAtMostOnceAMinute(Instant now) {
        long nowMillis = now.toEpochMilli();
        long due = nextPurgeMillis.get();
        if (nowMillis < due || !nextPurgeMillis.compareAndSet(due, nowMillis + PURGE_INTERVAL_MILLIS)) {
            return;
        }
        try {
            purgeExpired(now);
        } catch (DPoPProofException e) {
            // The proof itself is recorded; leftover rows only wait for the next purge.
            LOG.log(System.Logger.Level.WARNING, "DPoP replay cache failed to purge expired proofs");
        }
    }
}
