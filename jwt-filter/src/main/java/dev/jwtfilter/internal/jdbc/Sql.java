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
    private Sql() {}

    /**
     * Executes each statement in turn, such as the {@code CREATE ... IF NOT EXISTS} of a schema.
     *
     * @param c the connection
     * @param statements the SQL statements, run in order
     * @throws SQLException if a statement fails; the ones after it are not run
     */
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
     * @param c the connection
     * @param sql the statement, with one {@code ?} per value
     * @param values the values bound to the parameters, in order
     * @return how many rows it changed
     * @throws SQLException if the statement fails
     */
    public static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i] instanceof Instant instant ? timestamp(instant) : values[i]);
            }
            return statement.executeUpdate();
        }
    }

    /**
     * @param instant the instant
     * @return the instant as a {@code TIMESTAMP WITH TIME ZONE} value, in UTC
     */
    public static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * @param row the result set, on a row
     * @param column the column index, from 1
     * @return the timestamp in the row's column, or null if it is SQL {@code NULL}
     * @throws SQLException if the column cannot be read as a timestamp
     */
    public static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
