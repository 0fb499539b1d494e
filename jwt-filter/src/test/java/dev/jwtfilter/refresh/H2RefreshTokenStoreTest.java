package dev.jwtfilter.refresh;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC store on the embedded default: H2 in file mode; two store instances share the file database. */
class H2RefreshTokenStoreTest extends RefreshTokenStoreContract {
    private static Path dir;
    private static JdbcRefreshTokenStore nodeA;
    private static JdbcRefreshTokenStore nodeB;

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("h2-refresh");
        nodeA = JdbcRefreshTokenStore.h2File(dir);
        nodeB = JdbcRefreshTokenStore.h2File(dir);
    }

    @AfterAll
    static void close() {
        nodeA.close();
    }

    @Override
    RefreshTokenStore nodeA() {
        return nodeA;
    }

    @Override
    RefreshTokenStore nodeB() {
        return nodeB;
    }

    @Test
    void storeWhenDatabaseFileReopenedThenFamiliesSurvive() throws Exception {
        RefreshFamily family = family("alice");
        String token = hash();
        nodeA.createFamily(family, token);
        close();

        JdbcRefreshTokenStore reopened = JdbcRefreshTokenStore.h2File(dir);

        assertThat(reopened.rotate(token, hash(), T0.plusSeconds(1), RULES)).isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).contains("refresh-tokens.mv.db");
    }
}
