package dev.jwtfilter.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories readable by their owner only (0600 and 0700), for the signing keys and the embedded
 * database: Java has no umask, so the permissions are given at creation or set after. On a file system
 * without POSIX permissions nothing is restricted and the directory's own protection applies. Not API.
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {}

    /**
     * @param path the path, which need not exist
     * @return whether the path, or its nearest existing ancestor, is on a file system with POSIX permissions
     */
    public static boolean supported(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && Files.notExists(existing)) {
            existing = existing.getParent();
        }
        return existing != null
                && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates the directory and its missing parents, those it creates 0700 where {@link #supported}.
     *
     * @param directory the directory to create
     * @throws IOException if a directory cannot be created
     */
    public static void createDirectories(Path directory) throws IOException {
        if (!supported(directory)) {
            Files.createDirectories(directory);
        } else if (Files.notExists(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
        }
    }

    /**
     * Creates an empty 0600 file, unless the file exists: then it is left as it is. POSIX only.
     *
     * @param file the file to create
     * @throws IOException if the file cannot be created for another reason than that it exists
     */
    public static void createIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // the caller restricts it if it must
        }
    }

    /**
     * Makes an existing file 0600 if it is not; does nothing where POSIX permissions are not supported.
     *
     * @param file the existing file
     * @throws IOException if the permissions cannot be read or set
     */
    public static void restrict(Path file) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(file).equals(FILE)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }
}
