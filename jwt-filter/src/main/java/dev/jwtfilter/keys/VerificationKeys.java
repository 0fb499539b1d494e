package dev.jwtfilter.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.Objects;
import java.util.Set;

/**
 * The keys a verifier may use, with the algorithms that suit them. Built once at start-up by
 * {@link KeySources}; immutable, thread safe when its source is (all of ours are).
 *
 * @param source where keys come from (Nimbus key source: static set, secret, or cached remote set)
 * @param algorithms every algorithm these keys are able to verify with: a configured allowlist must stay
 *                   within it
 * @param defaultAlgorithms the allowlist when none is configured: one algorithm per key (RFC 8725
 *                          section 3.1, see {@link KeyAlgorithms}); within {@code algorithms}
 * @param matchKeyIds whether the token's {@code kid} selects the key; false for a single PEM key or
 *                    secret, which carry no key id and verify whatever {@code kid} a token names
 * @param changes tells when a key leaves the set (remote sets only; static sets never change)
 */
public record VerificationKeys(
        JWKSource<SecurityContext> source,
        Set<JWSAlgorithm> algorithms,
        Set<JWSAlgorithm> defaultAlgorithms,
        boolean matchKeyIds,
        KeySetChanges changes) {

    /**
     * Validates and copies the components.
     *
     * @param source where keys come from (Nimbus key source: static set, secret, or cached remote set)
     * @param algorithms every algorithm these keys are able to verify with
     * @param defaultAlgorithms the allowlist when none is configured; within {@code algorithms}
     * @param matchKeyIds whether the token's {@code kid} selects the key
     * @param changes tells when a key leaves the set
     */
    public VerificationKeys {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(changes, "changes");
        algorithms = Set.copyOf(algorithms);
        defaultAlgorithms = Set.copyOf(defaultAlgorithms);
        if (!algorithms.containsAll(defaultAlgorithms)) {
            throw new IllegalArgumentException("Default algorithms " + defaultAlgorithms + " outside " + algorithms);
        }
    }

    /**
     * Keys whose default allowlist is every algorithm they verify with (keys that each declare their {@code alg}).
     *
     * @param source where keys come from
     * @param algorithms every algorithm these keys verify with, also the default allowlist
     * @param matchKeyIds whether the token's {@code kid} selects the key
     * @param changes tells when a key leaves the set
     */
    public VerificationKeys(
            JWKSource<SecurityContext> source,
            Set<JWSAlgorithm> algorithms,
            boolean matchKeyIds,
            KeySetChanges changes) {
        this(source, algorithms, algorithms, matchKeyIds, changes);
    }

    /**
     * Keys from a source that never changes, whose default allowlist is every algorithm they verify with.
     *
     * @param source where keys come from; it never changes
     * @param algorithms every algorithm these keys verify with, also the default allowlist
     * @param matchKeyIds whether the token's {@code kid} selects the key
     */
    public VerificationKeys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms, boolean matchKeyIds) {
        this(source, algorithms, algorithms, matchKeyIds, new KeySetChanges());
    }
}
