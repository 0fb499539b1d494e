package dev.jwtfilter.verify;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.keys.VerificationKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the tokens of one issuer are checked against and mapped with: its {@code iss}, audiences, keys
 * and algorithms, clock and skew, accepted {@code typ} values, required claims, maximum age, how the
 * principal's name and roles are read, and whether its tokens come as bearer or DPoP-bound tokens. The verifier ({@link NimbusTokenVerifier}) and the principal mapping
 * take this value and nothing else, so neither sees the edge's cookie, CSRF or cache settings. A configuration
 * ({@code dev.jwtfilter.config.JwtConfig}) is a list of these plus the edge and machinery settings; it builds
 * and checks them, so most applications never build one by hand. Immutable and thread safe.
 */
public final class TrustedIssuer {
    private final String issuer;
    private final Set<String> audiences;
    private final VerificationKeys keys;
    private final Set<JWSAlgorithm> algorithms;
    private final boolean algorithmsConfigured;
    private final Clock clock;
    private final Duration clockSkew;
    private final Set<String> acceptedTypes;
    private final boolean typeRequired;
    private final Set<String> requiredClaims;
    private final Set<String> stringClaims;
    private final Duration maxTokenAge;
    private final List<String> principalClaims;
    private final String rolesClaim;
    private final String rolePrefix;
    private final String namePrefix;
    private final DPoPPolicy dpopPolicy;

    private TrustedIssuer(Builder b) {
        this.issuer = Objects.requireNonNull(b.issuer, "issuer");
        this.audiences = Set.copyOf(b.audiences);
        this.keys = Objects.requireNonNull(b.keys, "keys");
        this.algorithms = Set.copyOf(b.algorithms);
        this.algorithmsConfigured = b.algorithmsConfigured;
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.acceptedTypes = Set.copyOf(b.acceptedTypes);
        this.typeRequired = b.typeRequired;
        this.requiredClaims = Set.copyOf(b.requiredClaims);
        this.stringClaims = Set.copyOf(b.stringClaims);
        this.maxTokenAge = b.maxTokenAge;
        this.principalClaims = List.copyOf(b.principalClaims);
        this.rolesClaim = b.rolesClaim;
        this.rolePrefix = b.rolePrefix;
        this.namePrefix = b.namePrefix;
        this.dpopPolicy = b.dpopPolicy;
    }

    /**
     * Starts a value for one issuer with the library's defaults: 60 s skew, the system UTC clock, {@code typ} of
     * {@code JWT} or {@code at+jwt} when present, name from {@code upn}, {@code preferred_username}, {@code sub},
     * roles from {@code groups}. Nothing is checked here beyond presence; the configuration builder checks values.
     *
     * @param issuer the exact {@code iss} value
     * @param keys where this issuer's verification keys come from
     * @return a builder with the defaults
     */
    public static Builder builder(String issuer, VerificationKeys keys) {
        return new Builder(issuer, keys);
    }

    /** @return the exact {@code iss} value (RFC 7519 section 4.1.1) */
    public String issuer() {
        return issuer;
    }

    /** @return the audiences of which a token's {@code aud} must contain one */
    public Set<String> audiences() {
        return audiences;
    }

    /** @return where this issuer's verification keys come from */
    public VerificationKeys keys() {
        return keys;
    }

    /** @return the allowed {@code alg} values (RFC 8725 section 3.1) */
    public Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /** @return whether the algorithms were listed explicitly rather than derived from the keys */
    public boolean algorithmsConfigured() {
        return algorithmsConfigured;
    }

    /** @return the clock that time claims are checked against */
    public Clock clock() {
        return clock;
    }

    /** @return the tolerance on {@code exp}, {@code nbf} and {@code iat}, whole seconds */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** @return the {@code typ} header values accepted (case-insensitive, {@code application/} prefix optional) */
    public Set<String> acceptedTypes() {
        return acceptedTypes;
    }

    /** @return whether a token without {@code typ} is refused */
    public boolean typeRequired() {
        return typeRequired;
    }

    /** @return claims that must be present and not null, besides {@code iss}, {@code aud} and {@code exp} */
    public Set<String> requiredClaims() {
        return requiredClaims;
    }

    /** @return claims that must be non-blank strings when the profile names them (RFC 9068 section 2.2) */
    public Set<String> stringClaims() {
        return stringClaims;
    }

    /** @return the maximum time since {@code iat}, if any */
    public Optional<Duration> maxTokenAge() {
        return Optional.ofNullable(maxTokenAge);
    }

    /** @return the claims whose first non-blank string value names the principal, in order */
    public List<String> principalClaims() {
        return principalClaims;
    }

    /** @return the dotted path of the roles claim */
    public String rolesClaim() {
        return rolesClaim;
    }

    /** @return the text put before every role */
    public String rolePrefix() {
        return rolePrefix;
    }

    /** @return the text put before the principal's name */
    public String namePrefix() {
        return namePrefix;
    }

    /** @return how this issuer's tokens may be presented: as bearer tokens, DPoP-bound tokens or both */
    public DPoPPolicy dpopPolicy() {
        return dpopPolicy;
    }

    /** Collects one issuer's settings; {@link #build()} makes the immutable value. Not thread safe. */
    public static final class Builder {
        private final String issuer;
        private final VerificationKeys keys;
        private final Set<String> audiences = new LinkedHashSet<>();
        private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        private boolean algorithmsConfigured;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(60);
        private final Set<String> acceptedTypes = new LinkedHashSet<>(List.of("JWT", "at+jwt"));
        private boolean typeRequired;
        private final Set<String> requiredClaims = new HashSet<>();
        private final Set<String> stringClaims = new HashSet<>();
        private Duration maxTokenAge;
        private final List<String> principalClaims = new ArrayList<>(List.of("upn", "preferred_username", "sub"));
        private String rolesClaim = "groups";
        private String rolePrefix = "";
        private String namePrefix = "";
        private DPoPPolicy dpopPolicy = DPoPPolicy.BEARER;

        private Builder(String issuer, VerificationKeys keys) {
            this.issuer = issuer;
            this.keys = keys;
        }

        /**
         * @param values the audiences of which a token's {@code aud} must contain one
         * @return this builder
         */
        public Builder audiences(Set<String> values) {
            audiences.addAll(values);
            return this;
        }

        /**
         * @param values the allowed algorithms
         * @param configured whether they were listed explicitly (else derived from the keys)
         * @return this builder
         */
        public Builder algorithms(Set<JWSAlgorithm> values, boolean configured) {
            algorithms.clear();
            algorithms.addAll(values);
            this.algorithmsConfigured = configured;
            return this;
        }

        /**
         * @param value the clock time claims are checked against
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value the tolerance on time claims
         * @return this builder
         */
        public Builder clockSkew(Duration value) {
            this.clockSkew = Objects.requireNonNull(value, "clockSkew");
            return this;
        }

        /**
         * @param values the {@code typ} values accepted
         * @param required whether a token without {@code typ} is refused
         * @return this builder
         */
        public Builder types(Set<String> values, boolean required) {
            acceptedTypes.clear();
            acceptedTypes.addAll(values);
            this.typeRequired = required;
            return this;
        }

        /**
         * @param required claims that must be present and not null
         * @param strings claims that must be non-blank strings
         * @return this builder
         */
        public Builder claims(Set<String> required, Set<String> strings) {
            requiredClaims.addAll(required);
            stringClaims.addAll(strings);
            return this;
        }

        /**
         * @param value the maximum time since {@code iat}, or {@code null} for none
         * @return this builder
         */
        public Builder maxTokenAge(Duration value) {
            this.maxTokenAge = value;
            return this;
        }

        /**
         * @param nameClaims the claims whose first non-blank string names the principal
         * @param roles the dotted path of the roles claim
         * @param rolesPrefix put before every role
         * @param prefix put before the name
         * @return this builder
         */
        public Builder principal(List<String> nameClaims, String roles, String rolesPrefix, String prefix) {
            principalClaims.clear();
            principalClaims.addAll(nameClaims);
            this.rolesClaim = roles;
            this.rolePrefix = rolesPrefix;
            this.namePrefix = prefix;
            return this;
        }

        /**
         * @param value how this issuer's tokens may be presented (default {@link DPoPPolicy#BEARER})
         * @return this builder
         */
        public Builder dpopPolicy(DPoPPolicy value) {
            this.dpopPolicy = Objects.requireNonNull(value, "dpopPolicy");
            return this;
        }

        /** @return the immutable value */
        public TrustedIssuer build() {
            return new TrustedIssuer(this);
        }
    }
}
