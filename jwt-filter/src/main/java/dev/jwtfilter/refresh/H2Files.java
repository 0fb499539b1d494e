package dev.jwtfilter.refresh;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes the embedded H2 database readable by its owner only, like the signing-key file: H2 creates its
 * files with the process umask (often 0644), and Java has no umask. So the directory is created 0700 if
 * missing, the database and trace files are created empty with 0600 before H2 opens them (H2 writes into an
 * empty file as into a new one, and appends to its trace), and files left by an older version are tightened.
 * On a file system without POSIX permissions nothing is changed.
 */
final class H2Files {
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final List<String> PRE_CREATED = List.of(".mv.db", ".trace.db");

    private H2Files() {
    }

    /** Prepares {@code directory/name.*} before H2 opens {@code directory/name}. */
    static void ownerOnly(Path directory, String name) {
        try {
            if (!posix(directory)) {
                Files.createDirectories(directory);
                return;
            }
            if (Files.notExists(directory)) {
                Files.createDirectories(directory, attribute(OWNER_ONLY_DIRECTORY));
            }
            for (String suffix : PRE_CREATED) {
                createIfMissing(directory.resolve(name + suffix));
            }
            tightenExisting(directory, name + ".");
        } catch (IOException e) {
            throw new RefreshStoreException("Cannot prepare the refresh token database directory " + directory, e);
        }
    }

    private static boolean posix(Path directory) {
        Path existing = directory.toAbsolutePath();
        while (existing != null && Files.notExists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void createIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(OWNER_ONLY_FILE));
        } catch (FileAlreadyExistsException e) {
            // tightened below
        }
    }

    private static void tightenExisting(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(prefix) && Files.isRegularFile(file)
                        && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
                }
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
