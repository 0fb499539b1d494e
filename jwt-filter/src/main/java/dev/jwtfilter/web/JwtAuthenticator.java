package dev.jwtfilter.web;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.event.AuthEventReporter;
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
 * never an acceptance. Every token accepted or refused, cache hits included, becomes one {@link AuthEvent}
 * for the {@link AuthEventCounters}, the log line and the configured listeners; refusals decided by the
 * caller (no token, no role) are reported through {@link #reportRefusal}. Failure details are logged at
 * debug level without the token; a key or revocation-store outage at warning. Thread safe.
 */
public final class JwtAuthenticator {
    private static final System.Logger LOG = System.getLogger(JwtAuthenticator.class.getName());
    private static final AuthenticationOutcome.Failed EXPIRED = new AuthenticationOutcome.Failed(BearerError.EXPIRED_TOKEN);
    private static final AuthenticationOutcome.Failed INVALID = new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN);
    private static final AuthenticationOutcome.Failed UNAVAILABLE = new AuthenticationOutcome.Failed(BearerError.KEYS_UNAVAILABLE);

    private final BearerTokenResolver resolver;
    private final TokenVerifier verifier;
    private final Map<String, IssuerRules> issuers = new HashMap<>();
    private final RevocationCheck revocations;
    private final VerifiedTokenCache<AuthenticationOutcome.Authenticated> cache;
    private final Clock clock;
    private final AuthEventReporter events;

    /** Builds the resolver, the Nimbus verifier, the principal mapping, the cache and the revocation check from a configuration. */
    public JwtAuthenticator(JwtConfig config) {
        this(config, verifierFor(config), config.revocationCheck());
    }

    /**
     * Assembles an authenticator around another verifier or with a revocation check.
     *
     * @param config resolver, mapping, clock, skew, cache and event settings
     * @param verifier does the full verification on a cache miss
     * @param revocations runs on every request, cache hits included
     */
    public JwtAuthenticator(JwtConfig config, TokenVerifier verifier, RevocationCheck revocations) {
        this.resolver = new BearerTokenResolver(config);
        this.verifier = verifier;
        config.trustedIssuers().forEach(issuer -> issuers.put(issuer.issuer(), new IssuerRules(issuer)));
        this.revocations = revocations;
        this.clock = config.clock();
        this.cache = config.cacheEnabled() ? new VerifiedTokenCache<>(config.cacheMaxEntries()) : null;
        if (cache != null) {
            config.trustedIssuers().forEach(issuer -> issuer.keys().changes().subscribe(cache::clear));
        }
        this.events = new AuthEventReporter(clock, config.eventLogging(), config.eventListeners());
    }

    /** @return the event counts of this authenticator, live */
    public AuthEventCounters counters() {
        return events.counters();
    }

    /**
     * @return the counters, the log line and the configured listeners as one listener, for code that refuses
     *         a request on its own (a role check of Jakarta REST, say) and reports it like the filter does
     */
    public AuthEventListener events() {
        return events.listener();
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
            publish(AuthEventReason.MALFORMED, null, null);
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
        VerifiedJwt jwt = null;
        long generation = cache == null ? 0 : cache.generation(); // a key set change while verifying voids the entry
        try {
            jwt = verifier.verify(token);
            IssuerRules rules = rulesFor(jwt);
            JwtPrincipal principal = rules.mapping().toPrincipal(jwt);
            AuthenticationOutcome.Failed revoked = refusedByRevocation(jwt);
            if (revoked != null) {
                return revoked;
            }
            AuthenticationOutcome.Authenticated outcome = new AuthenticationOutcome.Authenticated(principal);
            if (cache != null) {
                cache.put(token, rules.limits(outcome, jwt), clock.millis(), generation);
            }
            publish(AuthEventReason.ACCEPTED, jwt);
            return outcome;
        } catch (JwtVerificationException e) {
            if (jwt != null) {
                publish(e.reason(), jwt); // verify() returned, so the signature is good: the token's own iss and sub
            } else {
                publish(e.reason(), e.issuer().orElse(null), e.subject().orElse(null));
            }
            return new AuthenticationOutcome.Failed(toError(e));
        }
    }

    /**
     * Reports a refusal the caller decided after {@link #authenticate}: {@link BearerError#MISSING_TOKEN} as
     * {@link AuthEventReason#MISSING}, a 403 as {@link AuthEventReason#INSUFFICIENT_ROLE}. A refused token was
     * already reported by {@link #authenticate}, so nothing is reported again for a failed outcome.
     *
     * @param answer the refusal the caller answers with
     * @param outcome what {@link #authenticate} returned for the request
     */
    public void reportRefusal(BearerError answer, AuthenticationOutcome outcome) {
        if (outcome instanceof AuthenticationOutcome.Failed) {
            return;
        }
        AuthEventReason reason = answer.equals(BearerError.MISSING_TOKEN) ? AuthEventReason.MISSING
                : AuthEventReason.INSUFFICIENT_ROLE;
        publish(reason, outcome instanceof AuthenticationOutcome.Authenticated authenticated
                ? authenticated.principal().getJwt() : null);
    }

    /** The verified issuer's rules: each trusted issuer has its own mapping, skew and maximum age. */
    private IssuerRules rulesFor(VerifiedJwt jwt) throws JwtVerificationException {
        IssuerRules rules = issuers.get(jwt.issuer().orElse(null));
        if (rules == null) {
            throw new JwtVerificationException(JwtVerificationException.Failure.INVALID, AuthEventReason.WRONG_ISSUER,
                    "Issuer not trusted");
        }
        return rules;
    }

    /** The claims checks that depend on time, and revocation, again for a remembered token. */
    private AuthenticationOutcome recheck(String token, Cached<AuthenticationOutcome.Authenticated> cached) {
        long now = clock.millis();
        VerifiedJwt jwt = cached.value().principal().getJwt();
        if (now >= cached.expiresAtMillis() || now >= cached.tooOldAtMillis() || now < cached.notBeforeMillis()) {
            cache.remove(token);
            publish(now < cached.notBeforeMillis() ? AuthEventReason.NOT_YET_VALID : AuthEventReason.EXPIRED, jwt);
            return now >= cached.expiresAtMillis() ? EXPIRED : INVALID; // too old: invalid, as on a miss
        }
        AuthenticationOutcome.Failed revoked = refusedByRevocation(jwt);
        if (revoked == INVALID) {
            cache.remove(token);
        }
        if (revoked != null) {
            return revoked; // a store outage keeps the entry: no re-verifying storm once it is back
        }
        publish(AuthEventReason.ACCEPTED, jwt);
        return cached.value();
    }

    /** @return the refusal when the token is revoked or its revocation state cannot be had, else {@code null} */
    private AuthenticationOutcome.Failed refusedByRevocation(VerifiedJwt jwt) {
        try {
            if (!revocations.isRevoked(jwt)) {
                return null;
            }
            publish(AuthEventReason.REVOKED, jwt);
            return INVALID;
        } catch (RevocationUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Revocation state unavailable, token refused: {0}", LogText.clean(e.getMessage()));
            publish(AuthEventReason.KEYS_UNAVAILABLE, jwt);
            return UNAVAILABLE;
        }
    }

    /**
     * One trusted issuer's principal mapping and the time limits a remembered token of it keeps: its own skew
     * and maximum age, so that a cache hit refuses exactly what a full verification under that issuer would.
     */
    private record IssuerRules(PrincipalMapping mapping, long skewMillis, long maxAgeMillis) {
        IssuerRules(JwtConfig issuer) {
            this(new PrincipalMapping(issuer), issuer.clockSkew().toMillis(),
                    issuer.maxTokenAge().map(age -> age.toMillis()).orElse(-1L));
        }

        Cached<AuthenticationOutcome.Authenticated> limits(AuthenticationOutcome.Authenticated outcome, VerifiedJwt jwt) {
            long expiresAt = jwt.expiresAt().toEpochMilli() + skewMillis;
            long notBefore = jwt.claim("nbf").map(nbf -> ((Number) nbf).longValue() * 1000 - skewMillis)
                    .orElse(Long.MIN_VALUE);
            long tooOld = maxAgeMillis < 0 ? Long.MAX_VALUE
                    : jwt.issuedAt().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE) + maxAgeMillis + skewMillis;
            return new Cached<>(outcome, notBefore, expiresAt, tooOld);
        }
    }

    private void publish(AuthEventReason reason, VerifiedJwt jwt) {
        events.report(reason, jwt == null ? null : jwt.issuer().orElse(null), jwt == null ? null : jwt.subject().orElse(null));
    }

    private void publish(AuthEventReason reason, String issuer, String subject) {
        events.report(reason, issuer, subject);
    }

    private static BearerError toError(JwtVerificationException e) {
        switch (e.failure()) {
            case EXPIRED:
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
