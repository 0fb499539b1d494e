package dev.jwtfilter.internal.jdbc;

import java.sql.SQLException;

/** Makes a store's own exception for a database failure, such as {@code RefreshStoreException::new}. Not API. */
@FunctionalInterface
public interface StoreFailure {
    /**
     * @param message what failed and the SQL state, never a token or an id
     * @param cause the database's failure
     * @return the exception to throw
     */
    RuntimeException of(String message, SQLException cause);
}
