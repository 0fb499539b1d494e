package dev.jwtfilter.proof;

import dev.jwtfilter.internal.CanonicalBase64Url;

/**
 * The one string a DPoP proof may be (RFC 7515 sections 2 and 7.1): exactly three non-empty parts, each canonical
 * base64url ({@link CanonicalBase64Url}, the check the access-token verifier uses too). Nothing allocated. Stateless.
 */
final class ProofEncoding {
    private ProofEncoding() {}

    /**
     * @param proof the compact serialization
     * @return whether it has exactly three non-empty canonical base64url parts
     */
    static boolean isCanonicalJws(String proof) {
        int first = proof.indexOf('.');
        int second = first < 0 ? -1 : proof.indexOf('.', first + 1);
        boolean threeNonEmptyParts =
                first > 0 && second > first + 1 && second < proof.length() - 1 && proof.indexOf('.', second + 1) < 0;
        return threeNonEmptyParts && CanonicalBase64Url.isCanonical(proof);
    }
}
