package dev.jwtfilter.demo.users;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow password hashes: PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP's 2023 figure), a
 * 16-byte random salt and a 32-byte output, written as {@code pbkdf2-sha256$iterations$salt$hash}
 * (base64). Verification compares in constant time. Thread safe. Run {@code main} to hash a password
 * read from standard input.
 */
public final class PasswordHash {
    /** The iterations of new hashes; stored hashes with fewer are refused. */
    public static final int ITERATIONS = 600_000;

    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    /** @return a new hash of the password with a fresh salt */
    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /** @return whether the password matches the stored hash; a malformed or weak stored hash never matches */
    public static boolean verify(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < ITERATIONS || iterations > 10 * ITERATIONS || salt.length < 16 || expected.length != 32) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, salt, iterations), expected);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Reads one password from standard input and prints its hash, for a users file. */
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            System.err.println("Give the password on standard input.");
            System.exit(2);
        }
        char[] password = line.toCharArray();
        System.out.println(hash(password));
        Arrays.fill(password, '\0');
    }
}
