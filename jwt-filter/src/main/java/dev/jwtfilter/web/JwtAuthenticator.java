package dev.jwtfilter.web;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.internal.LogText;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.principal.PrincipalMapping;
import dev.jwtfilter.verify.IssuerRoutingVerifier;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import dev.jwtfilter.verify.RevocationCheck;
import dev.jwtfilter.verify.RevocationUnavailableException;
import dev.jwtfilter.verify.TokenVerifier;
import dev.jwtfilter.verify.VerifiedJwt;
import dev.jwtfilter.verify.VerifiedTokenCache;
import dev.jwtfilter.verify.VerifiedTokenCache.Cached;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Authenticates one request: resolves the bearer token, verifies it and maps it to a principal. Shared
 * by the servlet filter and the Jakarta Security mechanism so that both apply the same rules and answer
 * with the same errors. Successes are remembered in a {@link VerifiedTokenCache} (on by default), so the
 * same token sent again costs a map lookup and a time check instead of parsing and signature work; on
 * every hit {@code exp}, {@code nbf} and the maximum age are checked against the clock with the skew and
 * the revocation check runs; entries are dropped when a key leaves the key set. Failures are never
 * cached. A revoked token is 401 {@code invalid_token}; a revocation state that cannot be had is 503,
 * never an acceptance. Failures are logged at debug level without the token; a key or revocation-store
 * outage at warning. Thread safe.
 */
public final class JwtAuthenticator {
    private static final System.Logger LOG = System.getLogger(JwtAuthenticator.class.getName());
    private static final AuthenticationOutcome.Failed EXPIRED = new AuthenticationOutcome.Failed(BearerError.EXPIRED_TOKEN);
    private static final AuthenticationOutcome.Failed INVALID = new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN);
    private static final AuthenticationOutcome.Failed UNAVAILABLE = new AuthenticationOutcome.Failed(BearerError.KEYS_UNAVAILABLE);

    private final BearerTokenResolver resolver;
    private final TokenVerifier verifier;
    private final Map<String, PrincipalMapping> mappings = new HashMap<>();
    private final RevocationCheck revocations;
    private final VerifiedTokenCache<AuthenticationOutcome.Authenticated> cache;
    private final Clock clock;
    private final long skewMillis;
    private final long maxAgeMillis;

    /** Builds the resolver, the Nimbus verifier, the principal mapping, the cache and the revocation check from a configuration. */
    public JwtAuthenticator(JwtConfig config) {
        this(config, verifierFor(config), config.revocationCheck());
    }

    /**
     * Assembles an authenticator around another verifier or with a revocation check.
     *
     * @param config resolver, mapping, clock, skew and cache settings
     * @param verifier does the full verification on a cache miss
     * @param revocations runs on every request, cache hits included
     */
    public JwtAuthenticator(JwtConfig config, TokenVerifier verifier, RevocationCheck revocations) {
        this.resolver = new BearerTokenResolver(config);
        this.verifier = verifier;
        config.trustedIssuers().forEach(issuer -> mappings.put(issuer.issuer(), new PrincipalMapping(issuer)));
        this.revocations = revocations;
        this.clock = config.clock();
        this.skewMillis = config.clockSkew().toMillis();
        this.maxAgeMillis = config.maxTokenAge().map(age -> age.toMillis()).orElse(-1L);
        this.cache = config.cacheEnabled() ? new VerifiedTokenCache<>(config.cacheMaxEntries()) : null;
        if (cache != null) {
            config.trustedIssuers().forEach(issuer -> issuer.keys().changes().subscribe(cache::clear));
        }
    }

    /** @return the Nimbus verifier, or a router over one per issuer when several issuers are trusted */
    static TokenVerifier verifierFor(JwtConfig config) {
        List<JwtConfig> issuers = config.trustedIssuers();
        return issuers.size() == 1 && issuers.get(0) == config ? new NimbusTokenVerifier(config)
                : new IssuerRoutingVerifier(config);
    }

    /** @return the outcome for this request; never throws for anything the request contains */
    public AuthenticationOutcome authenticate(HttpServletRequest request) {
        TokenResolution resolution = resolver.resolve(request);
        if (resolution instanceof TokenResolution.Found found) {
            return authenticate(found.token());
        }
        if (resolution instanceof TokenResolution.Refused refused) {
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "Refused bearer request: {0}", refused.error().description());
            }
            return new AuthenticationOutcome.Failed(refused.error());
        }
        return AuthenticationOutcome.ANONYMOUS;
    }

    /** @return the outcome for one token string */
    public AuthenticationOutcome authenticate(String token) {
        if (cache != null) {
            Cached<AuthenticationOutcome.Authenticated> cached = cache.get(token);
            if (cached != null) {
                return recheck(token, cached);
            }
        }
        try {
            VerifiedJwt jwt = verifier.verify(token);
            JwtPrincipal principal = mappingFor(jwt).toPrincipal(jwt);
            AuthenticationOutcome.Failed revoked = refusedByRevocation(principal.getJwt());
            if (revoked != null) {
                return revoked;
            }
            AuthenticationOutcome.Authenticated outcome = new AuthenticationOutcome.Authenticated(principal);
            if (cache != null) {
                cache.put(token, limits(outcome, principal.getJwt()), clock.millis());
            }
            return outcome;
        } catch (JwtVerificationException e) {
            return new AuthenticationOutcome.Failed(toError(e));
        }
    }

    /** The verified issuer's mapping: each trusted issuer may name its roles and principal claims its own way. */
    private PrincipalMapping mappingFor(VerifiedJwt jwt) throws JwtVerificationException {
        PrincipalMapping mapping = mappings.get(jwt.issuer().orElse(null));
        if (mapping == null) {
            throw new JwtVerificationException(JwtVerificationException.Failure.INVALID, "Issuer not trusted");
        }
        return mapping;
    }

    /** The claims checks that depend on time, and revocation, again for a remembered token. */
    private AuthenticationOutcome recheck(String token, Cached<AuthenticationOutcome.Authenticated> cached) {
        long now = clock.millis();
        if (now >= cached.expiresAtMillis()) {
            cache.remove(token);
            return EXPIRED;
        }
        if (now < cached.notBeforeMillis() || now >= cached.tooOldAtMillis()) {
            cache.remove(token);
            return INVALID;
        }
        AuthenticationOutcome.Failed revoked = refusedByRevocation(cached.value().principal().getJwt());
        if (revoked == INVALID) {
            cache.remove(token);
        }
        return revoked != null ? revoked : cached.value(); // a store outage keeps the entry: no re-verifying storm
    }

    /** @return the refusal when the token is revoked or its revocation state cannot be had, else {@code null} */
    private AuthenticationOutcome.Failed refusedByRevocation(VerifiedJwt jwt) {
        try {
            if (!revocations.isRevoked(jwt)) {
                return null;
            }
            LOG.log(System.Logger.Level.DEBUG, "Rejected revoked token");
            return INVALID;
        } catch (RevocationUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Revocation state unavailable, token refused: {0}", LogText.clean(e.getMessage()));
            return UNAVAILABLE;
        }
    }

    private Cached<AuthenticationOutcome.Authenticated> limits(AuthenticationOutcome.Authenticated outcome, VerifiedJwt jwt) {
        long expiresAt = jwt.expiresAt().toEpochMilli() + skewMillis;
        long notBefore = jwt.claim("nbf").map(nbf -> ((Number) nbf).longValue() * 1000 - skewMillis).orElse(Long.MIN_VALUE);
        long tooOld = maxAgeMillis < 0 ? Long.MAX_VALUE
                : jwt.issuedAt().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE) + maxAgeMillis + skewMillis;
        return new Cached<>(outcome, notBefore, expiresAt, tooOld);
    }

    private static BearerError toError(JwtVerificationException e) {
        switch (e.failure()) {
            case EXPIRED:
                LOG.log(System.Logger.Level.DEBUG, "Rejected expired token");
                return BearerError.EXPIRED_TOKEN;
            case KEYS_UNAVAILABLE:
                LOG.log(System.Logger.Level.WARNING, "No verification key available: {0}", LogText.clean(e.getMessage()));
                return BearerError.KEYS_UNAVAILABLE;
            default:
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, "Rejected token: {0}", LogText.clean(e.getMessage()));
                }
                return BearerError.INVALID_TOKEN;
        }
    }
}
