package dev.jwtfilter.refresh;

import dev.jwtfilter.internal.jdbc.JdbcCalls;
import dev.jwtfilter.internal.jdbc.Sql;
import java.util.List;

/**
 * Creates the refresh-token tables if they are missing, and upgrades tables of an earlier version in place (the
 * nullable {@code dpop_jkt} column of DPoP-bound families, and the nullable {@code auth_time} and {@code acr} of the
 * login that started a family), in SQL that H2 and PostgreSQL both accept.
 */
final class JdbcSchema {
    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS jwt_refresh_family ("
                    + "id VARCHAR(64) PRIMARY KEY, "
                    + "subject VARCHAR(255) NOT NULL, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "expires_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "last_used_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "revoked_at TIMESTAMP WITH TIME ZONE, "
                    + "revoked_reason VARCHAR(32), "
                    + "dpop_jkt VARCHAR(64), "
                    + "auth_time TIMESTAMP WITH TIME ZONE, "
                    + "acr VARCHAR(255))",
            // Tables made before DPoP binding lack the column: added, nullable, so every existing family stays
            // unbound and keeps working. H2 and PostgreSQL (9.6 and later) both accept IF NOT EXISTS here.
            "ALTER TABLE jwt_refresh_family ADD COLUMN IF NOT EXISTS dpop_jkt VARCHAR(64)",
            // Tables made before families remembered their login (RFC 9470 auth_time and acr) lack these two: added,
            // nullable, so existing families go on rotating, and their refreshed tokens carry neither claim.
            "ALTER TABLE jwt_refresh_family ADD COLUMN IF NOT EXISTS auth_time TIMESTAMP WITH TIME ZONE",
            "ALTER TABLE jwt_refresh_family ADD COLUMN IF NOT EXISTS acr VARCHAR(255)",
            "CREATE INDEX IF NOT EXISTS jwt_refresh_family_subject ON jwt_refresh_family (subject)",
            "CREATE TABLE IF NOT EXISTS jwt_refresh_token ("
                    + "token_hash CHAR(64) PRIMARY KEY, "
                    + "family_id VARCHAR(64) NOT NULL REFERENCES jwt_refresh_family (id), "
                    + "issued_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "used_at TIMESTAMP WITH TIME ZONE)",
            "CREATE INDEX IF NOT EXISTS jwt_refresh_token_family ON jwt_refresh_token (family_id)");

    private JdbcSchema() {}

    /** Creates the tables on the store's connections, also when another node creates them at the same time. */
    static void create(JdbcCalls calls) {
        calls.createSchema("create its tables jwt_refresh_family and jwt_refresh_token", c -> {
            Sql.execute(c, DDL);
            return null;
        });
    }
}
