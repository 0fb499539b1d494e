package dev.jwtfilter.issue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes {@link SigningKeySet}s as private JWK set files, for development set-ups that keep
 * their keys in a data directory. Files are written atomically and, where the file system allows,
 * readable by their owner only. Thread safe (stateless).
 */
public final class SigningKeyFiles {
    private SigningKeyFiles() {}

    /**
     * Loads the key set in {@code file}, or generates one for the algorithm and saves it there first.
     *
     * @param file the private JWK set file
     * @param algorithm the algorithm of the key generated when the file does not exist
     * @return the key set read from the file, or the one generated and saved
     * @throws UncheckedIOException if the file cannot be read or written
     * @throws IllegalArgumentException if it exists but holds no valid key set
     */
    public static SigningKeySet loadOrCreate(Path file, JWSAlgorithm algorithm) {
        if (Files.exists(file)) {
            return load(file);
        }
        SigningKeySet generated = SigningKeySet.generate(algorithm);
        try {
            write(file, generated, false);
            return generated;
        } catch (FileAlreadyExistsException e) {
            return load(file); // another process created it first: use theirs
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write signing keys to " + file, e);
        }
    }

    /**
     * @param file the private JWK set file
     * @return the key set stored in a private JWK set file
     */
    public static SigningKeySet load(Path file) {
        try {
            return SigningKeySet.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read signing keys from " + file, e);
        }
    }

    /**
     * Saves a key set, replacing the file atomically.
     *
     * @param file the private JWK set file
     * @param keys the key set to save
     */
    public static void save(Path file, SigningKeySet keys) {
        try {
            write(file, keys, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write signing keys to " + file, e);
        }
    }

    private static void write(Path file, SigningKeySet keys, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".signing-keys", ".tmp");
        try {
            OwnerOnlyFiles.restrict(temp);
            Files.writeString(temp, keys.toPrivateJson());
            if (replace) {
                move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            } else {
                createWithoutOverwrite(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void createWithoutOverwrite(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp); // fails if the file exists: two processes cannot both win
        } catch (UnsupportedOperationException e) {
            Files.move(temp, file); // no hard links here: fails if the file exists, not atomic
        }
    }

    private static void move(Path from, Path to, StandardCopyOption option) throws IOException {
        try {
            Files.move(from, to, option, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, option);
        }
    }
}
