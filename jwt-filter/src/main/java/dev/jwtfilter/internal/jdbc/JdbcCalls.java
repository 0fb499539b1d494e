package dev.jwtfilter.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs a store's work on connections of its data source, each failure of the database thrown as the store's
 * own exception, {@code "<store> failed to <what> (SQL state ...)"}, with no value of the work in it. Thread
 * safe if the data source is. Not API.
 */
public final class JdbcCalls {
    private final DataSource dataSource;
    private final String store;
    private final StoreFailure failure;

    /**
     * @param dataSource where the connections come from
     * @param store the store's name at the start of its messages, such as {@code "Revocation list"}
     * @param failure makes the store's exception
     */
    public JdbcCalls(DataSource dataSource, String store, StoreFailure failure) {
        this.dataSource = dataSource;
        this.store = store;
        this.failure = failure;
    }

    /**
     * Runs the work in one read-committed transaction: committed if it returns, rolled back if it throws. Every
     * transaction sets the level itself (with PostgreSQL's driver one more round trip): not every pool resets a
     * level a borrower changed (DBCP2 does not by default), and the stores' races are written for read committed.
     *
     * @param <T> the type of the work's result
     * @param what the work, as named in the failure message {@code "<store> failed to <what>"}
     * @param work the work to run
     * @return what the work returned
     */
    public <T> T inTransaction(String what, SqlWork<T> work) {
        return withConnection(what, c -> {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return commitOrRollBack(c, work);
        });
    }

    /**
     * Runs the work statement by statement (auto-commit), so that a failed statement aborts nothing else.
     *
     * @param <T> the type of the work's result
     * @param what the work, as named in the failure message {@code "<store> failed to <what>"}
     * @param work the work to run
     * @return what the work returned
     */
    public <T> T autoCommit(String what, SqlWork<T> work) {
        return withConnection(what, c -> {
            c.setAutoCommit(true);
            return work.run(c);
        });
    }

    /** SQL states of two nodes racing on {@code CREATE ... IF NOT EXISTS}: unique violation, duplicate table or object. */
    private static final java.util.Set<String> CREATE_RACE_STATES = java.util.Set.of("23505", "42P07", "42710");
    /** Retries while the failure is such a race: each statement can lose the race once, so a few cover a schema. */
    private static final int CREATE_RACE_RETRIES = 4;

    /**
     * Runs schema work (auto-commit), and again if it fails: two nodes starting at once can race on
     * {@code CREATE ... IF NOT EXISTS} in PostgreSQL, and a later try sees what the other node created. Each
     * statement can lose that race once (the table on one try, its index on the next), so a failure that is such a
     * race is retried up to {@value #CREATE_RACE_RETRIES} times; any other failure once. The last failure is thrown
     * with the first suppressed in it.
     *
     * @param what the work, as named in the failure message {@code "<store> failed to <what>"}
     * @param ddl the schema statements to run
     */
    public void createSchema(String what, SqlWork<?> ddl) {
        try {
            autoCommit(what, ddl);
        } catch (RuntimeException first) {
            RuntimeException last = first;
            for (int retry = 0; retry < CREATE_RACE_RETRIES; retry++) {
                try {
                    autoCommit(what, ddl);
                    return;
                } catch (RuntimeException e) {
                    last = e;
                    if (!isCreateRace(e)) {
                        break;
                    }
                }
            }
            last.addSuppressed(first);
            throw last;
        }
    }

    private static boolean isCreateRace(RuntimeException e) {
        return e.getCause() instanceof SQLException sql && CREATE_RACE_STATES.contains(sql.getSQLState());
    }

    private static <T> T commitOrRollBack(Connection c, SqlWork<T> work) throws SQLException {
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private <T> T withConnection(String what, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure.of(store + " failed to " + what + " (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
