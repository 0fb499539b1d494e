package dev.jwtfilter.proof;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What DPoP proofs are checked against: the allowed algorithms (default ES256, RS256, PS256), the window in which
 * a proof's {@code iat} is accepted (default 60 s, plus the skew, into the past; the skew alone into the future),
 * the clock skew (default 60 s), the clock, the replay cache (default one {@link InMemoryDPoPReplayCache} per
 * settings) and the longest proof accepted (default 8192 characters). Only asymmetric algorithms the JDK verifies
 * through Nimbus qualify: RS256/384/512, PS256/384/512, ES256/384/512. EdDSA is refused: Nimbus 10.10 verifies
 * Ed25519 only with Google Tink, an optional dependency this library does not ship. Immutable and thread safe.
 */
public final class DPoPProofSettings {
    /** Every algorithm a proof may use, if allowed. */
    public static final Set<JWSAlgorithm> SUPPORTED = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512)));

    /** The longest window or skew accepted: a proof is meant for one request, and time arithmetic must not overflow. */
    private static final Duration MAX_DURATION = Duration.ofDays(1);

    private final Set<JWSAlgorithm> algorithms;
    private final Duration window;
    private final Duration skew;
    private final Clock clock;
    private final DPoPReplayCache replayCache;
    private final int maxProofLength;
    private final DPoPNonces nonces;

    private DPoPProofSettings(Builder builder) {
        this.algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(builder.algorithms));
        this.window = builder.window;
        this.skew = builder.skew;
        this.clock = builder.clock;
        this.replayCache = builder.replayCache != null ? builder.replayCache : new InMemoryDPoPReplayCache();
        this.maxProofLength = builder.maxProofLength;
        this.nonces = builder.nonces;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the allowed algorithms, in the order given (the order of a {@code DPoP algs} challenge) */
    public Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /** @return how long after its {@code iat} (plus skew) a proof is accepted */
    public Duration window() {
        return window;
    }

    /** @return the tolerance on {@code iat}, both ways */
    public Duration skew() {
        return skew;
    }

    /** @return the clock {@code iat} is checked against */
    public Clock clock() {
        return clock;
    }

    /** @return where used proofs are remembered */
    public DPoPReplayCache replayCache() {
        return replayCache;
    }

    /** @return the longest proof accepted, in characters */
    public int maxProofLength() {
        return maxProofLength;
    }

    /** @return the server nonces every proof must carry one of, or empty when nonces are off (the default) */
    public java.util.Optional<DPoPNonces> nonces() {
        return java.util.Optional.ofNullable(nonces);
    }

    /** Collects the settings; {@link #build()} checks them all at once. Not thread safe. */
    public static final class Builder {
        private final Set<JWSAlgorithm> algorithms =
                new LinkedHashSet<>(List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256));
        private Duration window = Duration.ofSeconds(60);
        private Duration skew = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private DPoPReplayCache replayCache;
        private int maxProofLength = 8192;
        private DPoPNonces nonces;

        private Builder() {}

        /**
         * @param value the server nonces every proof must then carry one of (RFC 9449 section 9), or {@code null}
         *     for none
         * @return this builder
         */
        public Builder nonces(DPoPNonces value) {
            this.nonces = value;
            return this;
        }

        /**
         * @param values the allowed algorithms, each one of {@link #SUPPORTED}
         * @return this builder
         */
        public Builder algorithms(Set<JWSAlgorithm> values) {
            algorithms.clear();
            algorithms.addAll(values);
            return this;
        }

        /**
         * @param value how long after its {@code iat} a proof is accepted, not counting the skew
         * @return this builder
         */
        public Builder window(Duration value) {
            this.window = Objects.requireNonNull(value, "window");
            return this;
        }

        /**
         * @param value the tolerance on {@code iat}, both ways
         * @return this builder
         */
        public Builder skew(Duration value) {
            this.skew = Objects.requireNonNull(value, "skew");
            return this;
        }

        /**
         * @param value the clock {@code iat} is checked against
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value where used proofs are remembered, shared by every verifier that must refuse the same replays
         * @return this builder
         */
        public Builder replayCache(DPoPReplayCache value) {
            this.replayCache = Objects.requireNonNull(value, "replayCache");
            return this;
        }

        /**
         * @param value the longest proof accepted, in characters
         * @return this builder
         */
        public Builder maxProofLength(int value) {
            this.maxProofLength = value;
            return this;
        }

        /**
         * @return the immutable settings
         * @throws IllegalArgumentException naming every problem: no algorithm, an unsupported one, a window not
         *     positive or over a day, a skew negative or over a day, a maximum length under 64
         */
        public DPoPProofSettings build() {
            List<String> problems = new ArrayList<>();
            if (algorithms.isEmpty()) {
                problems.add("no DPoP proof algorithm allowed");
            }
            for (JWSAlgorithm algorithm : algorithms) {
                if (!SUPPORTED.contains(algorithm)) {
                    problems.add("DPoP proof algorithm " + algorithm + " is not supported"
                            + (JWSAlgorithm.EdDSA.equals(algorithm) ? " (Nimbus needs Google Tink for EdDSA)" : ""));
                }
            }
            if (window.isNegative() || window.isZero() || window.compareTo(MAX_DURATION) > 0) {
                problems.add("DPoP proof window must be positive and at most one day");
            }
            if (skew.isNegative() || skew.compareTo(MAX_DURATION) > 0) {
                problems.add("DPoP proof skew must not be negative nor over one day");
            }
            if (maxProofLength < 64) {
                problems.add("DPoP proof maximum length must be at least 64");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new DPoPProofSettings(this);
        }
    }
}
