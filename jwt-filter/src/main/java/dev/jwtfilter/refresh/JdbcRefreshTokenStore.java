package dev.jwtfilter.refresh;

import dev.jwtfilter.internal.jdbc.JdbcCalls;
import dev.jwtfilter.internal.jdbc.Sql;
import dev.jwtfilter.refresh.RotationOutcome.Reason;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A {@link RefreshTokenStore} in any SQL database reached through plain JDBC; tested on H2 (file mode,
 * the embedded default) and PostgreSQL (several application nodes on one database). The schema is created
 * on first use if missing, and a table of an earlier version gains the nullable {@code dpop_jkt} column of
 * DPoP-bound families, its rows kept and unbound, and the nullable {@code auth_time} and {@code acr} of a family's
 * login, its rows kept without them. Rotation is one transaction: a read of the token's family and its DPoP key,
 * then a conditional {@code UPDATE ... WHERE used_at IS NULL}: the database's row lock lets exactly one of two
 * concurrent requests, in one process or many, mark a token used; the other finds it used and revokes the family.
 * Thread safe; connections come from the given {@link DataSource} (pool it for PostgreSQL).
 */
public final class JdbcRefreshTokenStore implements RefreshTokenStore, AutoCloseable {
    private static final String H2_NAME = "refresh-tokens";
    /** A family that can no longer rotate (as {@link FamilyRules#refusal}): past its end, or idle too long. */
    private static final String DEAD = "(expires_at <= ? OR last_used_at <= ?)";

    private final DataSource dataSource;
    private final JdbcCalls calls;
    private final boolean ownsEmbeddedDatabase;

    /**
     * Uses a data source and creates the tables if they are missing.
     *
     * @param dataSource where the connections come from
     * @throws RefreshStoreException if the schema cannot be created
     */
    public JdbcRefreshTokenStore(DataSource dataSource) {
        this(dataSource, false);
    }

    private JdbcRefreshTokenStore(DataSource dataSource, boolean ownsEmbeddedDatabase) {
        this.dataSource = dataSource;
        this.ownsEmbeddedDatabase = ownsEmbeddedDatabase;
        this.calls = new JdbcCalls(dataSource, "Refresh token store", RefreshStoreException::new);
        JdbcSchema.create(calls);
    }

    /**
     * The embedded default: an H2 database in file mode in {@code directory}, so that a restart loses
     * nothing. Needs {@code com.h2database:h2} on the class path. The files are readable by their owner only
     * (0600, the directory 0700 if this creates it), on POSIX file systems. {@link #close()} shuts the
     * database down, so that a redeployed application can open the file again.
     *
     * @param directory the directory of the database files, created if missing
     * @return the store on the H2 file database
     */
    public static JdbcRefreshTokenStore h2File(Path directory) {
        H2Files.ownerOnly(directory.toAbsolutePath(), H2_NAME);
        String url =
                "jdbc:h2:file:" + directory.toAbsolutePath().resolve(H2_NAME) + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        return new JdbcRefreshTokenStore(new DriverDataSource(url), true);
    }

    /**
     * @return the data source this store uses, so that other tables of the same database can share it
     *         (the {@code JdbcRevocationList}); valid until {@link #close()}
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Shuts down the embedded database this store opened; does nothing for a data source given to it. */
    @Override
    public void close() {
        if (!ownsEmbeddedDatabase) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                Statement statement = c.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new RefreshStoreException("Embedded refresh token database did not shut down cleanly", e);
        }
    }

    @Override
    public void createFamily(RefreshFamily family, String tokenHash) {
        UserAuthentication login = family.authentication();
        calls.inTransaction("create family", c -> {
            Sql.update(
                    c,
                    "INSERT INTO jwt_refresh_family "
                            + "(id, subject, created_at, expires_at, last_used_at, dpop_jkt, auth_time, acr) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    family.id(),
                    family.subject(),
                    family.createdAt(),
                    family.expiresAt(),
                    family.createdAt(),
                    family.dpopThumbprint(),
                    login == null ? null : login.time(),
                    login == null ? null : login.acr());
            insertToken(c, tokenHash, family.id(), family.createdAt());
            return null;
        });
    }

    @Override
    public RotationOutcome rotate(
            String presentedHash, String newHash, String proofThumbprint, Instant now, RefreshTokenSettings rules) {
        return calls.inTransaction("rotate", c -> {
            // First, before anything is written: a token's family and the family's key never change, so this one read
            // cannot race a rotation, and the family it names serves every later step (no second lookup).
            Presented presented = presented(c, presentedHash);
            if (presented == null) {
                return new RotationOutcome.Rejected(Reason.UNKNOWN);
            }
            if (FamilyRules.wrongKey(presented.thumbprint(), proofThumbprint)) {
                return new RotationOutcome.Rejected(Reason.WRONG_DPOP_KEY);
            }
            if (Sql.update(
                            c,
                            "UPDATE jwt_refresh_token SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                            now,
                            presentedHash)
                    == 0) {
                return refuseReused(c, presented.familyId(), now);
            }
            return rotateCurrent(c, presented.familyId(), newHash, now, rules);
        });
    }

    private RotationOutcome rotateCurrent(
            Connection c, String familyId, String newHash, Instant now, RefreshTokenSettings rules)
            throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT subject, expires_at, last_used_at, revoked_at, auth_time, acr "
                        + "FROM jwt_refresh_family WHERE id = ? FOR UPDATE")) {
            select.setString(1, familyId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                Reason refusal = FamilyRules.refusal(
                        Sql.instant(row, 4), Sql.instant(row, 2), Sql.instant(row, 3), now, rules.idleTimeout());
                if (refusal != null) {
                    c.rollback(); // leave the token as it was: its family decides every later attempt too
                    return new RotationOutcome.Rejected(refusal);
                }
                Duration wait = throttle(c, familyId, now, rules);
                if (wait != null) {
                    c.rollback(); // the token stays current: presented again later, it rotates
                    return new RotationOutcome.Throttled(wait);
                }
                String subject = row.getString(1);
                insertToken(c, newHash, familyId, now);
                Sql.update(c, "UPDATE jwt_refresh_family SET last_used_at = ? WHERE id = ?", now, familyId);
                return new RotationOutcome.Rotated(familyId, subject, Sql.instant(row, 2), login(row));
            }
        }
    }

    /** Counts the family's rotations in the window, this one included; the family row is locked, so no race. */
    private static Duration throttle(Connection c, String familyId, Instant now, RefreshTokenSettings rules)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT count(*), min(used_at) FROM jwt_refresh_token " + "WHERE family_id = ? AND used_at > ?")) {
            select.setString(1, familyId);
            select.setObject(2, Sql.timestamp(now.minus(rules.rotationWindow())));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return FamilyRules.throttle(row.getInt(1), Sql.instant(row, 2), now, rules);
            }
        }
    }

    private static RotationOutcome refuseReused(Connection c, String familyId, Instant now) throws SQLException {
        Sql.update(
                c,
                "UPDATE jwt_refresh_family SET revoked_at = ?, revoked_reason = 'reuse' WHERE id = ? AND revoked_at IS NULL",
                now,
                familyId);
        return new RotationOutcome.Rejected(Reason.REUSED);
    }

    @Override
    public boolean revokeFamilyOf(String tokenHash, Instant now) {
        // One statement, so one round trip in auto-commit: the token's family never changes, nothing to lock first.
        return calls.autoCommit(
                "revoke family",
                c -> Sql.update(
                                c,
                                "UPDATE jwt_refresh_family SET revoked_at = ?, revoked_reason = 'logout' "
                                        + "WHERE id = (SELECT family_id FROM jwt_refresh_token WHERE token_hash = ?) "
                                        + "AND revoked_at IS NULL",
                                now,
                                tokenHash)
                        == 1);
    }

    @Override
    public int revokeAllForSubject(String subject, Instant now) {
        return calls.inTransaction(
                "revoke all",
                c -> Sql.update(
                        c,
                        "UPDATE jwt_refresh_family SET revoked_at = ?, "
                                + "revoked_reason = 'revoke-all' WHERE subject = ? AND revoked_at IS NULL",
                        now,
                        subject));
    }

    @Override
    public int purgeExpired(Instant now, Duration idleTimeout) {
        return calls.inTransaction("purge", c -> {
            // The used_at test is on the token row itself, so it is checked again on a row that a rotation racing
            // this purge at the idle boundary has just committed (PostgreSQL re-reads a row it waited for, not the
            // subquery): that just-used token stays, and its reuse still revokes the family that lives on.
            Instant idleSince = now.minus(idleTimeout);
            Sql.update(
                    c,
                    "DELETE FROM jwt_refresh_token WHERE (used_at IS NULL OR used_at <= ?) AND family_id IN "
                            + "(SELECT id FROM jwt_refresh_family WHERE " + DEAD + ")",
                    idleSince,
                    now,
                    idleSince);
            // NOT EXISTS: a family that got a token meanwhile (a node whose clock is behind) stays for the next purge.
            return Sql.update(
                    c,
                    "DELETE FROM jwt_refresh_family f WHERE " + DEAD
                            + " AND NOT EXISTS (SELECT 1 FROM jwt_refresh_token t WHERE t.family_id = f.id)",
                    now,
                    idleSince);
        });
    }

    /** @return the family row's login ({@code auth_time}, {@code acr}), or {@code null} if it recorded none */
    private static UserAuthentication login(ResultSet row) throws SQLException {
        Instant authTime = Sql.instant(row, 5);
        return authTime == null ? null : new UserAuthentication(authTime, row.getString(6));
    }

    /** A presented token's family, and the DPoP key thumbprint the family is bound to ({@code null} if unbound). */
    private record Presented(String familyId, String thumbprint) {}

    /** @return the token's family and its key, or {@code null} if the token is unknown */
    private static Presented presented(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT t.family_id, f.dpop_jkt FROM jwt_refresh_token t "
                + "JOIN jwt_refresh_family f ON f.id = t.family_id WHERE t.token_hash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Presented(row.getString(1), row.getString(2)) : null;
            }
        }
    }

    private static void insertToken(Connection c, String hash, String familyId, Instant issuedAt) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO jwt_refresh_token (token_hash, family_id, issued_at) VALUES (?, ?, ?)",
                hash,
                familyId,
                issuedAt);
    }
}
