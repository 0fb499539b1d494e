package dev.jwtfilter.internal;

/**
 * Canonical base64url (RFC 4648 sections 3.5 and 5, RFC 7515 section 2): the check that the access-token
 * verifier and the DPoP proof verifier share, so that one token or proof can be written as one string only.
 * One pass over the characters, nothing allocated. Internal, not API. Stateless.
 */
public final class CanonicalBase64Url {
    private static final byte[] SEXTETS = sextets();

    private CanonicalBase64Url() {}

    /**
     * @param token the whole compact serialization
     * @return whether every dot-separated part uses only {@code A-Z a-z 0-9 - _}, has a length that is not
     *         1 modulo 4, and ends in a character whose unused low bits are zero; an empty part is canonical
     */
    public static boolean isCanonical(String token) {
        int partStart = 0;
        int length = token.length();
        for (int i = 0; i < length; i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (!canonicalEnd(token, partStart, i)) {
                    return false;
                }
                partStart = i + 1;
            } else if (sextet(c) < 0) {
                return false;
            }
        }
        return canonicalEnd(token, partStart, length);
    }

    /** A part of 4n+2 characters holds 4 unused bits in its last character, one of 4n+3 holds 2, 4n+1 is impossible. */
    private static boolean canonicalEnd(String token, int start, int end) {
        int rest = (end - start) & 3;
        if (rest == 0) {
            return true;
        }
        if (rest == 1) {
            return false;
        }
        int unusedBits = rest == 2 ? 0x0F : 0x03;
        return (sextet(token.charAt(end - 1)) & unusedBits) == 0;
    }

    /** @return the 6-bit value of a base64url character, or -1 for any other character */
    private static int sextet(char c) {
        // A table rather than range tests: base64url text mixes the ranges at random, which defeats branch
        // prediction, and this runs on every character of every token and DPoP proof.
        return c < SEXTETS.length ? SEXTETS[c] : -1;
    }

    private static byte[] sextets() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        byte[] table = new byte[128];
        java.util.Arrays.fill(table, (byte) -1);
        for (int i = 0; i < alphabet.length(); i++) {
            table[alphabet.charAt(i)] = (byte) i;
        }
        return table;
    }
}
