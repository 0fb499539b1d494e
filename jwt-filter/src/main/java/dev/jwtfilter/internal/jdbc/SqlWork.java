package dev.jwtfilter.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on one connection, which {@link JdbcCalls} opens, commits or rolls back, and closes. Not API.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param c the connection, not to be closed or kept
     * @return the result
     * @throws SQLException if the database fails; {@link JdbcCalls} turns it into the store's exception
     */
    T run(Connection c) throws SQLException;
}
