package dev.jwtfilter.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shape and comparison of RFC 7638 SHA-256 key thumbprints as DPoP writes them ({@code jkt}, RFC 9449 section
 * 6.1): 32 bytes in canonical base64url without padding, 43 characters. Shared by the issuer, which writes
 * {@code cnf.jkt}, and the refresh-token families, which remember it. Stateless. Not API.
 */
public final class Thumbprints {
    /** The length of a base64url SHA-256 digest without padding. */
    public static final int SHA256_LENGTH = 43;

    private Thumbprints() {}

    /**
     * @param thumbprint the text to check
     * @return whether it is a canonical base64url SHA-256 digest: 43 characters, no padding, no dot
     */
    public static boolean isSha256(String thumbprint) {
        return thumbprint != null
                && thumbprint.length() == SHA256_LENGTH
                && thumbprint.indexOf('.') < 0
                && CanonicalBase64Url.isCanonical(thumbprint);
    }

    /**
     * Compares in time independent of where the two differ.
     *
     * @param expected the thumbprint a token or family is bound to
     * @param actual the thumbprint of the key a proof was signed with, or {@code null} when there was no proof
     * @return whether both are present and equal
     */
    public static boolean same(String expected, String actual) {
        return expected != null
                && actual != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
