package dev.jwtfilter.config;

import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.proof.DPoPProofSettings;
import dev.jwtfilter.revoke.CachingRevocationList;
import dev.jwtfilter.revoke.RevocationCheck;
import dev.jwtfilter.revoke.RevocationList;
import dev.jwtfilter.revoke.RevocationListCheck;
import dev.jwtfilter.verify.TrustedIssuer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The immutable configuration shared by the servlet filter and the Jakarta Security mechanism: the list of
 * {@link TrustedIssuer}s (for each, its keys, algorithms, claim rules and principal mapping), the edge settings
 * (where the token is read from, cookie and CSRF, public paths, mode, annotations, firewall, realm, size limit)
 * and the machinery (verified-token cache, revocation, events, DPoP proof settings). Build one with {@link #builder()}, or from
 * {@code web.xml} parameters with {@link JwtConfigParser}. Thread safe.
 */
public final class JwtConfig {
    private final Clock clock;
    private final List<TrustedIssuer> trustedIssuers;
    private final TrustedIssuer ownIssuer;
    private final String realm;
    private final boolean problemDetails;
    private final int maxTokenBytes;
    private final String cookieName;
    private final boolean cookieCsrf;
    private final String csrfHeaderName;
    private final String csrfCookieName;
    private final boolean queryParameterAllowed;
    private final List<String> publicPaths;
    private final List<StepUpPath> stepUpPaths;
    private final AuthenticationMode mode;
    private final boolean annotationsEnforced;
    private final Set<FirewallRule> firewallAllowed;
    private final boolean cacheEnabled;
    private final int cacheMaxEntries;
    private final Duration revocationCacheTtl;
    private final boolean revocationJtiRequired;
    private final RevocationList revocationList;
    private final RevocationCheck revocationCheck;
    private final List<AuthEventListener> eventListeners;
    private final boolean eventLogging;

    private final DPoPProofSettings dpopProofSettings;
    private final URI dpopExternalUrl;
    private final boolean dpopForwardedHeaders;

    private final ResourceMetadata resourceMetadata;

    JwtConfig(
            JwtConfigBuilder b,
            TrustedIssuer ownIssuer,
            List<TrustedIssuer> entries,
            DPoPProofSettings proofs,
            ResourceMetadata metadata) {
        this.clock = b.clock;
        this.ownIssuer = ownIssuer;
        List<TrustedIssuer> trusted = new java.util.ArrayList<>();
        if (ownIssuer != null) {
            trusted.add(ownIssuer);
        }
        trusted.addAll(entries);
        this.trustedIssuers = List.copyOf(trusted);
        this.realm = b.realm;
        this.problemDetails = b.problemDetails;
        this.maxTokenBytes = b.maxTokenBytes;
        this.cookieName = b.cookieName;
        this.cookieCsrf = b.cookieCsrf;
        this.csrfHeaderName = b.csrfHeaderName;
        this.csrfCookieName = ConfigChecks.csrfCookieName(b);
        this.queryParameterAllowed = b.queryParameterAllowed;
        this.publicPaths = List.copyOf(b.publicPaths);
        this.stepUpPaths = List.copyOf(b.stepUpPaths);
        this.mode = b.mode;
        this.annotationsEnforced = b.annotationsEnforced;
        this.firewallAllowed = Set.copyOf(b.firewallAllowed);
        this.cacheEnabled = b.cacheEnabled;
        this.cacheMaxEntries = b.cacheMaxEntries;
        this.revocationCacheTtl = b.revocationCacheTtl;
        this.revocationJtiRequired = b.revocationJtiRequired;
        this.revocationList = b.revocationList == null || b.revocationCacheTtl.isZero()
                ? b.revocationList
                : new CachingRevocationList(b.revocationList, b.revocationCacheTtl, b.cacheMaxEntries, b.clock);
        this.revocationCheck = revocationList != null
                ? new RevocationListCheck(revocationList, b.revocationJtiRequired)
                : b.revocationCheck != null ? b.revocationCheck : RevocationCheck.NONE;
        this.eventListeners = List.copyOf(b.eventListeners);
        this.eventLogging = b.eventLogging;
        this.dpopProofSettings = proofs;
        this.dpopExternalUrl = b.dpopExternalUrl;
        this.dpopForwardedHeaders = b.dpopForwardedHeaders;
        this.resourceMetadata = metadata;
    }

    /**
     * @return the protected resource metadata (RFC 9728) to serve and to name in 401 challenges, present when
     *     {@code jwt.resource-metadata} is on
     */
    public Optional<ResourceMetadata> resourceMetadata() {
        return Optional.ofNullable(resourceMetadata);
    }

    /**
     * @return what DPoP proofs are checked against (algorithms, window, clock, replay cache, nonces), present when
     *     some trusted issuer accepts DPoP ({@link TrustedIssuer#dpopPolicy()}); a token endpoint that binds tokens
     *     checks its proofs with the same settings, and so the same replay cache
     */
    public Optional<DPoPProofSettings> dpopProofSettings() {
        return Optional.ofNullable(dpopProofSettings);
    }

    /** @return the origin a proof's {@code htu} is compared with, when a proxy changes it ({@code jwt.dpop.external-url}) */
    public Optional<URI> dpopExternalUrl() {
        return Optional.ofNullable(dpopExternalUrl);
    }

    /** @return whether {@code htu}'s scheme and host are read from forwarded headers ({@code jwt.dpop.forwarded-headers}) */
    public boolean dpopForwardedHeaders() {
        return dpopForwardedHeaders;
    }

    /** @return a new builder with the secure defaults described on each of its methods */
    public static JwtConfigBuilder builder() {
        return new JwtConfigBuilder();
    }

    /**
     * @return every issuer a token may come from, each with its own audiences, keys, claim rules and principal
     *         mapping: first the one of {@link JwtConfigBuilder#issuer} (when set), then the entries of
     *         {@link JwtConfigBuilder#trustedIssuer}, in order; never empty
     */
    public List<TrustedIssuer> trustedIssuers() {
        return trustedIssuers;
    }

    /**
     * @return the trusted issuer of {@link JwtConfigBuilder#issuer} (the {@code jwt.*} keys outside any issuer
     *         entry), empty when only entries are trusted: the issuer an application issuing its own tokens
     *         signs as
     */
    public Optional<TrustedIssuer> ownIssuer() {
        return Optional.ofNullable(ownIssuer);
    }

    /**
     * @return the largest clock skew of this configuration and every trusted issuer: how long after its
     *         {@code exp} any token may still be accepted, so how long a revocation must be kept
     *         ({@link RevocationList#revoke(dev.jwtfilter.verify.VerifiedJwt, Duration)})
     */
    public Duration maxClockSkew() {
        Duration max = Duration.ZERO;
        for (TrustedIssuer trusted : trustedIssuers) {
            max = trusted.clockSkew().compareTo(max) > 0 ? trusted.clockSkew() : max;
        }
        return max;
    }

    /** @return the clock of the cache and the events; each trusted issuer checks time claims with its own (default the system UTC clock) */
    public Clock clock() {
        return clock;
    }

    /** @return the realm named in {@code WWW-Authenticate} challenges (default {@code jwt}) */
    public String realm() {
        return realm;
    }

    /**
     * @return whether refusal bodies are RFC 9457 problem details ({@code application/problem+json}) keeping the
     *     RFC 6750 members (default false: {@code {"error":..,"error_description":..}})
     */
    public boolean problemDetails() {
        return problemDetails;
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

    /** @return the step-up entries (RFC 9470) of {@code jwt.step-up}, in order (default none) */
    public List<StepUpPath> stepUpPaths() {
        return stepUpPaths;
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
