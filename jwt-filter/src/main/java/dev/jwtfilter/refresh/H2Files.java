package dev.jwtfilter.refresh;

import dev.jwtfilter.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes the embedded H2 database readable by its owner only, like the signing-key file: H2 creates its
 * files with the process umask (often 0644), and Java has no umask. So the directory is created 0700 if
 * missing, the database and trace files are created empty with 0600 before H2 opens them (H2 writes into an
 * empty file as into a new one, and appends to its trace), and files left by an older version are tightened.
 * On a file system without POSIX permissions nothing is changed.
 */
final class H2Files {
    private static final List<String> PRE_CREATED = List.of(".mv.db", ".trace.db");

    private H2Files() {}

    /** Prepares {@code directory/name.*} before H2 opens {@code directory/name}. */
    static void ownerOnly(Path directory, String name) {
        try {
            OwnerOnlyFiles.createDirectories(directory);
            if (OwnerOnlyFiles.supported(directory)) {
                for (String suffix : PRE_CREATED) {
                    OwnerOnlyFiles.createIfMissing(directory.resolve(name + suffix));
                }
                tightenExisting(directory, name + ".");
            }
        } catch (IOException e) {
            throw new RefreshStoreException("Cannot prepare the refresh token database directory " + directory, e);
        }
    }

    private static void tightenExisting(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(prefix) && Files.isRegularFile(file)) {
                    OwnerOnlyFiles.restrict(file);
                }
            }
        }
    }
}
