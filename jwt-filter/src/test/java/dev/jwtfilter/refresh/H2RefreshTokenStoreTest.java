package dev.jwtfilter.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

        assertThat(reopened.rotate(token, hash(), T0.plusSeconds(1), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).contains("refresh-tokens.mv.db");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<Path> databaseFiles(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith("refresh-tokens."))
                    .toList();
        }
    }

    @Test
    void h2FileWhenCreatedThenDirectoryAndFilesReadableByOwnerOnly() throws Exception {
        Path parent = Files.createTempDirectory("h2-perms");
        assumeTrue(parent.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path created = parent.resolve("data");
        JdbcRefreshTokenStore store = JdbcRefreshTokenStore.h2File(created);
        try {
            store.createFamily(family("alice"), hash());
        } finally {
            store.close();
        }

        assertThat(permissions(created)).isEqualTo("rwx------");
        assertThat(databaseFiles(created))
                .extracting(p -> p.getFileName().toString())
                .contains("refresh-tokens.mv.db", "refresh-tokens.trace.db");
        for (Path file : databaseFiles(created)) {
            assertThat(permissions(file)).as(file.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void h2FileWhenOlderFilesAreWorldReadableThenTightenedOnOpen() throws Exception {
        Path existing = Files.createTempDirectory("h2-perms-old");
        assumeTrue(existing.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        JdbcRefreshTokenStore.h2File(existing).close();
        for (Path file : databaseFiles(existing)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        JdbcRefreshTokenStore.h2File(existing).close();

        assertThat(databaseFiles(existing))
                .isNotEmpty()
                .allSatisfy(file ->
                        assertThat(permissions(file)).as(file.toString()).isEqualTo("rw-------"));
    }

    @Test
    void constructorWhenTablesCannotBeCreatedThenRefreshStoreExceptionAfterASecondTry() {
        JdbcDataSource unreachable = new JdbcDataSource(); // no URL: every connection is refused

        assertThatThrownBy(() -> new JdbcRefreshTokenStore(unreachable))
                .isInstanceOf(RefreshStoreException.class)
                .hasMessageStartingWith("Refresh token store failed to create its tables")
                .satisfies(
                        e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(RefreshStoreException.class));
    }
}
