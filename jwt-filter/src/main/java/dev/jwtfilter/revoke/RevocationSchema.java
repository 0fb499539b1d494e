package dev.jwtfilter.revoke;

import dev.jwtfilter.internal.jdbc.Sql;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates the revocation table if it is missing, and brings a table of the first shape (keyed by {@code jti}
 * alone) to the current one, keyed by {@code jti} and {@code iss}, in SQL that H2 and PostgreSQL both accept.
 * The rows of an old table get an empty issuer, which {@link JdbcRevocationList} takes as "any issuer": they
 * keep refusing every token with their id until they expire (over-revoking, never under-revoking). The
 * migration runs in one transaction, so on PostgreSQL a second node starting at the same time waits for it
 * and then finds nothing left to do. Not thread safe on its own; callers run it once per start.
 */
final class RevocationSchema {
    /** The table's name. */
    static final String TABLE = "jwt_revoked_token";

    private static final List<String> CREATE = List.of(
            "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "jti VARCHAR(255) NOT NULL, "
                    + "iss VARCHAR(255) NOT NULL, "
                    + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "PRIMARY KEY (jti, iss))",
            "CREATE INDEX IF NOT EXISTS jwt_revoked_token_expires ON " + TABLE + " (expires_at)");
    private static final Set<String> CURRENT_KEY = Set.of("iss", "jti");
    private static final Set<String> FIRST_KEY = Set.of("jti");
    private static final System.Logger LOG = System.getLogger(RevocationSchema.class.getName());

    private RevocationSchema() {}

    /** Creates the table if missing, else migrates a first-shape one; fails on a shape it does not know. */
    static Void createOrMigrate(Connection c) throws SQLException {
        Sql.execute(c, CREATE);
        Set<String> key = primaryKey(c).columns();
        if (!key.equals(CURRENT_KEY)) {
            if (!key.equals(FIRST_KEY)) {
                throw unknownShape(key); // before any change to a table this library did not make
            }
            migrate(c);
        }
        return null;
    }

    private static void migrate(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement statement = c.createStatement()) {
            // The first statement locks the table (PostgreSQL), so the key is read again after any other node's
            // migration.
            statement.execute(
                    "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS iss VARCHAR(255) DEFAULT '' NOT NULL");
            PrimaryKey key = primaryKey(c);
            if (key.columns().equals(FIRST_KEY)) {
                statement.execute("ALTER TABLE " + TABLE + " DROP CONSTRAINT " + quoted(key.name()));
                statement.execute("ALTER TABLE " + TABLE + " ADD PRIMARY KEY (jti, iss)");
            } else if (!key.columns().equals(CURRENT_KEY)) {
                throw unknownShape(key.columns());
            }
            // The default stays: a node of the older version still inserts (jti, expires_at) during a rolling
            // upgrade, and its row then means "any issuer", which over-revokes rather than failing the logout.
            c.commit();
            LOG.log(
                    System.Logger.Level.INFO,
                    "Revocation table " + TABLE + " now keyed by (jti, iss); its older rows "
                            + "revoke their jti for every issuer until they expire");
        } catch (SQLException | RuntimeException e) {
            c.rollback(); // before autocommit is restored, which would commit what was done so far
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static RevocationUnavailableException unknownShape(Set<String> key) {
        return new RevocationUnavailableException(
                "Revocation list cannot use table " + TABLE + ": its primary key " + key
                        + " is neither (jti, iss) nor the older (jti)",
                null);
    }

    private static PrimaryKey primaryKey(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String table = meta.storesUpperCaseIdentifiers()
                ? TABLE.toUpperCase(Locale.ROOT)
                : meta.storesLowerCaseIdentifiers() ? TABLE.toLowerCase(Locale.ROOT) : TABLE;
        Set<String> columns = new TreeSet<>();
        String name = null;
        try (ResultSet rows = meta.getPrimaryKeys(c.getCatalog(), c.getSchema(), table)) {
            while (rows.next()) {
                columns.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                name = rows.getString("PK_NAME");
            }
        }
        return new PrimaryKey(name, columns);
    }

    private static String quoted(String identifier) throws SQLException {
        if (identifier == null) {
            throw new SQLException("The primary key of " + TABLE + " has no name to drop it by", "42000");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private record PrimaryKey(String name, Set<String> columns) {}
}
