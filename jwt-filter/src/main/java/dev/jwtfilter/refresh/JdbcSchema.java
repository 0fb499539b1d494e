package dev.jwtfilter.refresh;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** Creates the refresh-token tables if they are missing, in SQL that H2 and PostgreSQL both accept. */
final class JdbcSchema {
    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS jwt_refresh_family ("
                    + "id VARCHAR(64) PRIMARY KEY, "
                    + "subject VARCHAR(255) NOT NULL, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "last_used_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "revoked_at TIMESTAMP WITH TIME ZONE, "
                    + "revoked_reason VARCHAR(32))",
            "CREATE INDEX IF NOT EXISTS jwt_refresh_family_subject ON jwt_refresh_family (subject)",
            "CREATE TABLE IF NOT EXISTS jwt_refresh_token ("
                    + "token_hash CHAR(64) PRIMARY KEY, "
                    + "family_id VARCHAR(64) NOT NULL REFERENCES jwt_refresh_family (id), "
                    + "issued_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "used_at TIMESTAMP WITH TIME ZONE)",
            "CREATE INDEX IF NOT EXISTS jwt_refresh_token_family ON jwt_refresh_token (family_id)");

    private JdbcSchema() {
    }

    static void create(DataSource dataSource) {
        try {
            run(dataSource);
        } catch (SQLException first) {
            // Two nodes starting at once can race on IF NOT EXISTS in PostgreSQL; the second try sees the tables.
            try {
                run(dataSource);
            } catch (SQLException e) {
                e.addSuppressed(first);
                throw new RefreshStoreException("Cannot create the refresh token tables (SQL state " + e.getSQLState() + ")", e);
            }
        }
    }

    private static void run(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            c.setAutoCommit(true);
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        }
    }
}
