package dev.jwtfilter.config;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.keys.VerificationKeys;
import dev.jwtfilter.revoke.CachingRevocationList;
import dev.jwtfilter.revoke.RevocationList;
import dev.jwtfilter.revoke.RevocationListCheck;
import dev.jwtfilter.verify.RevocationCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The immutable configuration shared by the servlet filter and the Jakarta Security mechanism: which
 * keys and algorithms verify a token, which claims it must carry, how the principal is named and what
 * roles it has, and where the token is read from. Build one with {@link #builder()}, or from
 * {@code web.xml} parameters with {@link JwtConfigParser}. Thread safe.
 */
public final class JwtConfig {
    private final String issuer;
    private final Set<String> audiences;
    private final VerificationKeys keys;
    private final Set<JWSAlgorithm> algorithms;
    private final boolean algorithmsConfigured;
    private final Duration clockSkew;
    private final Clock clock;
    private final Set<String> acceptedTypes;
    private final boolean typeRequired;
    private final JwtProfile profile;
    private final Duration maxTokenAge;
    private final Set<String> requiredClaims;
    private final List<String> principalClaims;
    private final String rolesClaim;
    private final String rolePrefix;
    private final String namePrefix;
    private final String realm;
    private final int maxTokenBytes;
    private final String cookieName;
    private final boolean cookieCsrf;
    private final String csrfHeaderName;
    private final String csrfCookieName;
    private final boolean queryParameterAllowed;
    private final List<String> publicPaths;
    private final AuthenticationMode mode;
    private final boolean annotationsEnforced;
    private final Set<FirewallRule> firewallAllowed;
    private final boolean cacheEnabled;
    private final int cacheMaxEntries;
    private final List<JwtConfig> trustedIssuers;
    private final Duration revocationCacheTtl;
    private final boolean revocationJtiRequired;
    private final RevocationList revocationList;
    private final RevocationCheck revocationCheck;
    private final List<AuthEventListener> eventListeners;
    private final boolean eventLogging;

    JwtConfig(JwtConfigBuilder b, VerificationKeys keys, Set<JWSAlgorithm> algorithms, boolean ownIssuer,
              List<JwtConfig> entries) {
        this.issuer = b.issuer;
        this.audiences = Set.copyOf(b.audiences);
        this.keys = keys;
        this.algorithms = Set.copyOf(algorithms);
        this.algorithmsConfigured = !b.algorithms.isEmpty();
        this.clockSkew = b.clockSkew;
        this.clock = b.clock;
        this.profile = b.profile;
        this.acceptedTypes = profile.types().isEmpty() ? Set.copyOf(b.acceptedTypes) : profile.types();
        this.typeRequired = b.typeRequired || !profile.types().isEmpty();
        this.maxTokenAge = b.maxTokenAge;
        Set<String> required = new java.util.HashSet<>(b.requiredClaims);
        required.addAll(profile.requiredClaims());
        this.requiredClaims = Set.copyOf(required);
        this.principalClaims = List.copyOf(b.principalClaims);
        this.rolesClaim = b.rolesClaim;
        this.rolePrefix = b.rolePrefix;
        this.namePrefix = b.namePrefix;
        this.realm = b.realm;
        this.maxTokenBytes = b.maxTokenBytes;
        this.cookieName = b.cookieName;
        this.cookieCsrf = b.cookieCsrf;
        this.csrfHeaderName = b.csrfHeaderName;
        this.csrfCookieName = ConfigChecks.csrfCookieName(b);
        this.queryParameterAllowed = b.queryParameterAllowed;
        this.publicPaths = List.copyOf(b.publicPaths);
        this.mode = b.mode;
        this.annotationsEnforced = b.annotationsEnforced;
        this.firewallAllowed = Set.copyOf(b.firewallAllowed);
        this.cacheEnabled = b.cacheEnabled;
        this.cacheMaxEntries = b.cacheMaxEntries;
        List<JwtConfig> trusted = new java.util.ArrayList<>();
        if (ownIssuer) {
            trusted.add(this);
        }
        trusted.addAll(entries);
        this.trustedIssuers = List.copyOf(trusted);
        this.revocationCacheTtl = b.revocationCacheTtl;
        this.revocationJtiRequired = b.revocationJtiRequired;
        this.revocationList = b.revocationList == null || b.revocationCacheTtl.isZero() ? b.revocationList
                : new CachingRevocationList(b.revocationList, b.revocationCacheTtl, b.cacheMaxEntries, b.clock);
        this.revocationCheck = revocationList != null ? new RevocationListCheck(revocationList, b.revocationJtiRequired)
                : b.revocationCheck != null ? b.revocationCheck : RevocationCheck.NONE;
        this.eventListeners = List.copyOf(b.eventListeners);
        this.eventLogging = b.eventLogging;
    }

    /** @return a new builder with the secure defaults described on each of its methods */
    public static JwtConfigBuilder builder() {
        return new JwtConfigBuilder();
    }

    /**
     * @return the exact {@code iss} value every token must carry; null when only
     *         {@linkplain #trustedIssuers() issuer entries} were configured
     */
    public String issuer() {
        return issuer;
    }

    /**
     * @return every issuer a token may come from, each with its own issuer, audiences, keys and claim rules:
     *         this configuration alone unless {@link JwtConfigBuilder#trustedIssuer} added entries
     */
    public List<JwtConfig> trustedIssuers() {
        return trustedIssuers;
    }

    /** @return the audiences; a token's {@code aud} must contain at least one of them */
    public Set<String> audiences() {
        return audiences;
    }

    /** @return the verification keys; null when only {@linkplain #trustedIssuers() issuer entries} were configured */
    public VerificationKeys keys() {
        return keys;
    }

    /** @return the algorithm allowlist; never contains {@code none} */
    public Set<JWSAlgorithm> algorithms() {
        return algorithms;
    }

    /**
     * @return whether the allowlist was configured ({@code jwt.algorithms}) rather than derived from the keys:
     *         only then may a key without {@code alg} verify with an algorithm other than its default
     */
    public boolean algorithmsConfigured() {
        return algorithmsConfigured;
    }

    /** @return tolerated clock difference for {@code exp}, {@code nbf} and {@code iat} (default 60 s) */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * @return the largest clock skew of this configuration and every trusted issuer: how long after its
     *         {@code exp} any token may still be accepted, so how long a revocation must be kept
     *         ({@link RevocationList#revoke(dev.jwtfilter.verify.VerifiedJwt, Duration)})
     */
    public Duration maxClockSkew() {
        Duration max = clockSkew;
        for (JwtConfig trusted : trustedIssuers) {
            max = trusted.clockSkew.compareTo(max) > 0 ? trusted.clockSkew : max;
        }
        return max;
    }

    /** @return the clock that time claims are checked against (default the system UTC clock) */
    public Clock clock() {
        return clock;
    }

    /**
     * @return accepted {@code typ} header values, compared case-insensitively with or without {@code application/}
     *         (default {@code JWT}, {@code at+jwt}; only {@code at+jwt} under {@link JwtProfile#RFC9068})
     */
    public Set<String> acceptedTypes() {
        return acceptedTypes;
    }

    /** @return whether a token without {@code typ} is refused (default false; true under {@link JwtProfile#RFC9068}) */
    public boolean typeRequired() {
        return typeRequired;
    }

    /** @return the token profile whose rules are included in {@link #acceptedTypes()} and {@link #requiredClaims()} (default none) */
    public JwtProfile profile() {
        return profile;
    }

    /** @return the oldest {@code iat} accepted, if a maximum age is configured */
    public Optional<Duration> maxTokenAge() {
        return Optional.ofNullable(maxTokenAge);
    }

    /** @return claims that must be present besides {@code iss}, {@code aud} and {@code exp}, the profile's included */
    public Set<String> requiredClaims() {
        return requiredClaims;
    }

    /** @return claims tried in order for the principal name (default {@code upn}, {@code preferred_username}, {@code sub}) */
    public List<String> principalClaims() {
        return principalClaims;
    }

    /** @return the dotted path of the roles claim (default {@code groups}) */
    public String rolesClaim() {
        return rolesClaim;
    }

    /** @return the prefix prepended to every role read from the token (default empty) */
    public String rolePrefix() {
        return rolePrefix;
    }

    /** @return the prefix prepended to the principal name, not to the claims (default empty) */
    public String namePrefix() {
        return namePrefix;
    }

    /** @return the realm named in {@code WWW-Authenticate} challenges (default {@code jwt}) */
    public String realm() {
        return realm;
    }

    /** @return the longest token accepted, in bytes; longer ones are refused before parsing (default 8192) */
    public int maxTokenBytes() {
        return maxTokenBytes;
    }

    /** @return the cookie the token may also be read from, if configured */
    public Optional<String> cookieName() {
        return Optional.ofNullable(cookieName);
    }

    /** @return whether a token read from the cookie needs the double-submit CSRF header on unsafe methods (default true) */
    public boolean cookieCsrf() {
        return cookieCsrf;
    }

    /** @return the header that must echo the CSRF cookie (default {@code X-CSRF-Token}) */
    public String csrfHeaderName() {
        return csrfHeaderName;
    }

    /** @return the cookie holding the CSRF value (default the token cookie's {@code __Host-}/{@code __Secure-} prefix + {@code csrf}) */
    public String csrfCookieName() {
        return csrfCookieName;
    }

    /** @return whether the {@code access_token} query parameter is read (default false; RFC 6750 section 2.3 advises against it) */
    public boolean queryParameterAllowed() {
        return queryParameterAllowed;
    }

    /** @return servlet-style path patterns that need no token (exact, {@code /prefix/*} or {@code *.ext}) */
    public List<String> publicPaths() {
        return publicPaths;
    }

    /** @return what happens to requests without a token (default {@link AuthenticationMode#REQUIRED}) */
    public AuthenticationMode mode() {
        return mode;
    }

    /** @return whether {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on servlets are enforced (default true) */
    public boolean annotationsEnforced() {
        return annotationsEnforced;
    }

    /** @return the request-firewall rules relaxed by {@code jwt.firewall.allow} (default none: all enforced) */
    public Set<FirewallRule> firewallAllowed() {
        return firewallAllowed;
    }

    /** @return whether verified tokens are remembered so that a repeated token skips verification (default true) */
    public boolean cacheEnabled() {
        return cacheEnabled;
    }

    /** @return the most verified tokens remembered at once (default 10,000) */
    public int cacheMaxEntries() {
        return cacheMaxEntries;
    }

    /**
     * @return the revocation list the filter checks, with this configuration's local cache in front, if one
     *         is configured; revoke through this object so that this node refuses the token at once
     */
    public Optional<RevocationList> revocationList() {
        return Optional.ofNullable(revocationList);
    }

    /** @return what decides on every request whether a verified token was revoked (default {@link RevocationCheck#NONE}) */
    public RevocationCheck revocationCheck() {
        return revocationCheck;
    }

    /** @return how long a "not revoked" answer of the revocation list is reused on this node (default 5 s; zero: never) */
    public Duration revocationCacheTtl() {
        return revocationCacheTtl;
    }

    /** @return whether a token without {@code jti} is refused while a revocation list is configured (default true) */
    public boolean revocationJtiRequired() {
        return revocationJtiRequired;
    }

    /** @return the listeners called with every accept and refusal, besides the built-in counters (default none) */
    public List<AuthEventListener> eventListeners() {
        return eventListeners;
    }

    /** @return whether every auth event is logged, one line each (default true) */
    public boolean eventLogging() {
        return eventLogging;
    }
}
