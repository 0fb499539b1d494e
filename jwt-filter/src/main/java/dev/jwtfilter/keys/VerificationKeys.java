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
 * @param algorithms the algorithms these keys can verify; the default allowlist when none is configured
 * @param matchKeyIds whether the token's {@code kid} selects the key; false for a single PEM key or
 *                    secret, which carry no key id and verify whatever {@code kid} a token names
 * @param changes tells when a key leaves the set (remote sets only; static sets never change)
 */
public record VerificationKeys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms, boolean matchKeyIds,
                               KeySetChanges changes) {

    /** Validates and copies the components. */
    public VerificationKeys {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(changes, "changes");
        algorithms = Set.copyOf(algorithms);
    }

    /** Keys from a source that never changes. */
    public VerificationKeys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms, boolean matchKeyIds) {
        this(source, algorithms, matchKeyIds, new KeySetChanges());
    }
}
