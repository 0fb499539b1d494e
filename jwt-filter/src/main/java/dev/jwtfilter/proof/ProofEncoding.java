package dev.jwtfilter.proof;

/**
 * The one string a DPoP proof may be (RFC 7515 sections 2 and 7.1): exactly three non-empty parts, each base64url
 * without padding whose unused low bits are zero (RFC 4648 sections 3.5 and 5). The verifier's own check of the
 * same rule ({@code dev.jwtfilter.verify.CompactEncoding}) is package-private, so this small copy keeps the proof
 * package independent of it. One pass, nothing allocated. Stateless.
 */
final class ProofEncoding {
    private ProofEncoding() {}

    /**
     * @param proof the compact serialization
     * @return whether it has exactly three non-empty canonical base64url parts
     */
    static boolean isCanonicalJws(String proof) {
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= proof.length(); i++) {
            if (i == proof.length() || proof.charAt(i) == '.') {
                if (++parts > 3 || !canonicalPart(proof, start, i)) {
                    return false;
                }
                start = i + 1;
            } else if (sextet(proof.charAt(i)) < 0) {
                return false;
            }
        }
        return parts == 3;
    }

    /** A part of 4n+2 characters holds 4 unused bits in its last character, one of 4n+3 holds 2, 4n+1 is impossible. */
    private static boolean canonicalPart(String proof, int start, int end) {
        int rest = (end - start) & 3;
        if (end == start || rest == 1) {
            return false;
        }
        int unusedBits = rest == 0 ? 0 : rest == 2 ? 0x0F : 0x03;
        return (sextet(proof.charAt(end - 1)) & unusedBits) == 0;
    }

    /** @return the 6-bit value of a base64url character, or -1 for any other character */
    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }
}
