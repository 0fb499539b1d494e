package dev.jwtfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only files and directories on the POSIX file system of the build (skipped elsewhere). */
class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(OwnerOnlyFiles.supported(dir), "POSIX file system");
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void createDirectoriesWhenMissingThenItAndItsNewParentsAre0700() throws Exception {
        Path nested = dir.resolve("a/b");

        OwnerOnlyFiles.createDirectories(nested);

        assertThat(permissions(nested)).isEqualTo("rwx------");
        assertThat(permissions(dir.resolve("a"))).isEqualTo("rwx------");
    }

    @Test
    void createDirectoriesWhenPresentThenLeftAsItWas() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));

        OwnerOnlyFiles.createDirectories(shared);

        assertThat(permissions(shared)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void createIfMissingWhenMissingThenEmptyFile0600() throws Exception {
        Path file = dir.resolve("db.mv.db");

        OwnerOnlyFiles.createIfMissing(file);

        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(file).isEmptyFile();
    }

    @Test
    void createIfMissingWhenPresentThenItsContentIsKept() throws Exception {
        Path file = Files.writeString(dir.resolve("db.mv.db"), "data");

        OwnerOnlyFiles.createIfMissing(file);

        assertThat(file).hasContent("data");
    }

    @Test
    void restrictWhenWorldReadableThen0600() throws Exception {
        Path file = Files.writeString(dir.resolve("keys.json"), "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFiles.restrict(file);

        assertThat(permissions(file)).isEqualTo("rw-------");
    }

    @Test
    void supportedWhenPathDoesNotExistYetThenItsNearestExistingAncestorDecides() {
        assertThat(OwnerOnlyFiles.supported(dir.resolve("not/yet/there"))).isTrue();
    }
}
