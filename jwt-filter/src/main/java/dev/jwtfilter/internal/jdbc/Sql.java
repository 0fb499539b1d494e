package dev.jwtfilter.internal.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Statements in SQL that H2 and PostgreSQL both accept, with instants kept as {@code TIMESTAMP WITH TIME ZONE}
 * in UTC. Thread safe (stateless). Not API.
 */
public final class Sql {
    private Sql() {
    }

    /** Executes each statement in turn, such as the {@code CREATE ... IF NOT EXISTS} of a schema. */
    public static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement statement = c.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Runs one {@code INSERT}, {@code UPDATE} or {@code DELETE}, an {@link Instant} among the values bound as a
     * timestamp.
     *
     * @return how many rows it changed
     */
    public static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i] instanceof Instant instant ? timestamp(instant) : values[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** @return the instant as a {@code TIMESTAMP WITH TIME ZONE} value, in UTC */
    public static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** @return the timestamp in the row's column, or null if it is SQL {@code NULL} */
    public static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
