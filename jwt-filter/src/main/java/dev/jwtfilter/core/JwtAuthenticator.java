package dev.jwtfilter.core;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.VerifiedTokenCache.Cached;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.error.BearerErrorCode;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.internal.LogText;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.principal.PrincipalMapping;
import dev.jwtfilter.proof.CertificateBinding;
import dev.jwtfilter.proof.DPoPBinding;
import dev.jwtfilter.proof.DPoPProofException;
import dev.jwtfilter.proof.DPoPProofVerifier;
import dev.jwtfilter.revoke.RevocationCheck;
import dev.jwtfilter.revoke.RevocationUnavailableException;
import dev.jwtfilter.verify.IssuerRoutingVerifier;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import dev.jwtfilter.verify.TokenVerifier;
import dev.jwtfilter.verify.TrustedIssuer;
import dev.jwtfilter.verify.Validity;
import dev.jwtfilter.verify.VerifiedJwt;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authentication core, free of the servlet API: a token string in, an {@link AuthenticationOutcome} out.
 * The token's size is limited here, once ({@code jwt.max-token-size}, in UTF-8 bytes); it is verified, mapped to
 * a principal under its issuer's rules, and checked against the revocation check. Successes are remembered in a
 * {@link VerifiedTokenCache} (on by default), so the same token sent again costs a map lookup and a check of
 * the time window verification computed ({@link dev.jwtfilter.verify.Validity}); the revocation check runs on
 * every hit, and entries are dropped when a key leaves the key set. Failures are never cached. A revoked token
 * is 401 {@code invalid_token}; a revocation state that cannot be had is 503, never an acceptance. Every token
 * accepted or refused, cache hits included, becomes one {@link AuthEvent} for the {@link AuthEventCounters},
 * the log line and the configured listeners; refusals decided by the caller (no token, no role, a malformed
 * request) are reported through {@link #reportRefusal} and {@link #refuse}. The servlet filter and the Jakarta
 * Security mechanism both call this, through the same edge. Failure details are logged at debug level without
 * the token; a key or revocation-store outage at warning. A certificate-bound token (RFC 8705 section 3,
 * {@code cnf.x5t#S256}) is held to the request's TLS client certificate on every request, cache hits included:
 * the cache is keyed by the token, the binding is a property of the connection. Thread safe.
 */
public final class JwtAuthenticator {
    private static final System.Logger LOG = System.getLogger(JwtAuthenticator.class.getName());
    private static final AuthenticationOutcome.Failed INVALID =
            new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN);
    private static final AuthenticationOutcome.Failed PROOF_REQUIRED =
            new AuthenticationOutcome.Failed(BearerError.PROOF_REQUIRED);
    private static final AuthenticationOutcome.Failed WRONG_CERTIFICATE =
            new AuthenticationOutcome.Failed(BearerError.WRONG_CERTIFICATE);
    private static final AuthenticationOutcome.Failed DPOP_REQUIRED =
            new AuthenticationOutcome.Failed(BearerError.DPOP_REQUIRED);
    private static final AuthenticationOutcome.Failed DPOP_NOT_ACCEPTED =
            new AuthenticationOutcome.Failed(BearerError.DPOP_NOT_ACCEPTED);
    private static final AuthenticationOutcome.Failed UNBOUND_TOKEN =
            new AuthenticationOutcome.Failed(BearerError.UNBOUND_TOKEN);

    private final int maxTokenBytes;
    private final TokenVerifier verifier;
    private final Map<String, IssuerRules> issuers = new HashMap<>();
    private final RevocationCheck revocations;
    private final VerifiedTokenCache<AuthenticationOutcome.Authenticated> cache;
    private final Clock clock;
    private final AuthEventReporter events;
    /** Checks DPoP proofs; {@code null} when no trusted issuer accepts DPoP. */
    private final DPoPProofVerifier proofs;

    /**
     * Builds the verifier, the principal mappings, the cache and the revocation check from a configuration.
     *
     * @param config the configuration to build from
     */
    public JwtAuthenticator(JwtConfig config) {
        this(config, verifierFor(config.trustedIssuers()), config.revocationCheck());
    }

    /**
     * Assembles an authenticator around another verifier or with a revocation check.
     *
     * @param config size limit, trusted issuers (for the principal mapping), clock, cache and event settings
     * @param verifier does the full verification on a cache miss
     * @param revocations runs on every request, cache hits included
     */
    public JwtAuthenticator(JwtConfig config, TokenVerifier verifier, RevocationCheck revocations) {
        this.maxTokenBytes = config.maxTokenBytes();
        this.verifier = verifier;
        config.trustedIssuers().forEach(issuer -> issuers.put(issuer.issuer(), new IssuerRules(issuer)));
        this.revocations = revocations;
        this.clock = config.clock();
        this.cache = config.cacheEnabled() ? new VerifiedTokenCache<>(config.cacheMaxEntries()) : null;
        if (cache != null) {
            config.trustedIssuers().forEach(issuer -> issuer.keys().changes().subscribe(cache::clear));
        }
        this.events = new AuthEventReporter(clock, config.eventLogging(), config.eventListeners());
        this.proofs = config.dpopProofSettings().map(DPoPProofVerifier::of).orElse(null);
    }

    /** @return the Nimbus verifier of the one trusted issuer, or a router over one per issuer */
    static TokenVerifier verifierFor(List<TrustedIssuer> issuers) {
        return issuers.size() == 1 ? new NimbusTokenVerifier(issuers.get(0)) : new IssuerRoutingVerifier(issuers);
    }

    /** @return the event counts of this authenticator, live */
    public AuthEventCounters counters() {
        return events.counters();
    }

    /**
     * @return the verified-token cache's size, hits, misses and evictions, live and read-only; empty when the cache
     *     is off ({@code jwt.cache.enabled=false})
     */
    public Optional<TokenCacheStatistics> cacheStatistics() {
        return Optional.ofNullable(cache);
    }

    /**
     * @return the counters, the log line and the configured listeners as one listener, for code that refuses
     *         a request on its own (a role check of Jakarta REST, say) and reports it like the filter does
     */
    public AuthEventListener events() {
        return events.listener();
    }

    /**
     * Authenticates a token sent without a TLS client certificate: a certificate-bound token is refused.
     *
     * @param token the token string, without the {@code Bearer} scheme
     * @return the outcome for one token string; never throws for anything the token contains
     */
    public AuthenticationOutcome authenticate(String token) {
        return authenticate(token, null);
    }

    /**
     * Authenticates a token sent over a connection that may have presented a TLS client certificate: a token
     * bound to a certificate ({@code cnf.x5t#S256}, RFC 8705 section 3) is accepted only with that certificate,
     * else refused as {@link BearerError#WRONG_CERTIFICATE} and reported as
     * {@link AuthEventReason#WRONG_CERTIFICATE}; a token bound to none is authenticated as before.
     *
     * @param token the token string, without the {@code Bearer} scheme
     * @param clientCertificate the client's own certificate (the first of the chain) the connection presented,
     *        or {@code null} when there was none
     * @return the outcome for one token string; never throws for anything the token contains
     */
    public AuthenticationOutcome authenticate(String token, X509Certificate clientCertificate) {
        return authenticate(token, null, clientCertificate);
    }

    /**
     * Authenticates a token as it was presented: with the {@code Bearer} scheme, or with {@code DPoP} and a proof
     * (RFC 9449 section 7), over a connection that may have presented a TLS client certificate. After the token
     * verifies (or is found in the cache), its issuer's {@link dev.jwtfilter.verify.DPoPPolicy} and its
     * {@code cnf} binding decide: a DPoP-bound token needs the {@code DPoP} scheme and a proof signed with its
     * key, checked on every request, cache hits included; an unbound token needs {@code Bearer} and an issuer
     * that accepts bearer tokens; a certificate-bound token needs its certificate. A refused proof is 401
     * {@code invalid_dpop_proof} (or {@code use_dpop_nonce}); a replay store that cannot answer is 503.
     *
     * @param presentation the token, its scheme, the proof, method and target, and the client certificate
     * @return the outcome; never throws for anything the request contains
     */
    public AuthenticationOutcome authenticate(Presentation presentation) {
        return authenticate(presentation.token(), presentation, presentation.clientCertificate());
    }

    /**
     * @param presentation how the token came, or {@code null} for a bearer token (made only if it is needed, so
     *     that a cache hit of a bearer token allocates nothing)
     */
    private AuthenticationOutcome authenticate(
            String token, Presentation presentation, X509Certificate clientCertificate) {
        if (!withinSize(token)) {
            publish(AuthEventReason.MALFORMED, null, null);
            return INVALID;
        }
        if (cache != null) {
            Cached<AuthenticationOutcome.Authenticated> cached = cache.get(token);
            if (cached != null) {
                return recheck(token, cached, presentation, clientCertificate);
            }
        }
        return verify(token, presentation != null ? presentation : Presentation.bearer(token, clientCertificate));
    }

    /**
     * Refuses a request whose token could not even be read (a malformed header, two tokens, a failed CSRF
     * check): reported once as {@link AuthEventReason#MALFORMED}, like a malformed token.
     *
     * @param error the refusal to answer with
     * @return the refusal as an outcome
     */
    public AuthenticationOutcome refuse(BearerError error) {
        return refuse(error, AuthEventReason.MALFORMED);
    }

    /**
     * Refuses a request the caller found wrong before any token check (two {@code DPoP} proofs, say), reported
     * once with the given reason.
     *
     * @param error the refusal to answer with
     * @param reason the reason reported
     * @return the refusal as an outcome
     */
    public AuthenticationOutcome refuse(BearerError error, AuthEventReason reason) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Refused request: {0}", error.description());
        }
        publish(reason, null, null);
        return new AuthenticationOutcome.Failed(error);
    }

    /**
     * Reports a refusal the caller decided after {@link #authenticate} (with the reason of
     * {@link #refusalReason}). A refused token was already reported by {@link #authenticate}, so nothing is
     * reported again for a failed outcome.
     *
     * @param answer the refusal the caller answers with
     * @param outcome what {@link #authenticate} returned for the request
     */
    public void reportRefusal(BearerError answer, AuthenticationOutcome outcome) {
        if (outcome instanceof AuthenticationOutcome.Failed) {
            return;
        }
        publish(
                refusalReason(answer),
                outcome instanceof AuthenticationOutcome.Authenticated authenticated
                        ? authenticated.principal().getJwt()
                        : null);
    }

    /**
     * The reason of a refusal decided after authentication, for code that reports one on its own (a Jakarta REST
     * check, say).
     *
     * @param answer the refusal answered
     * @return {@link AuthEventReason#MISSING} for {@link BearerError#MISSING_TOKEN},
     *     {@link AuthEventReason#INSUFFICIENT_USER_AUTHENTICATION} for a step-up refusal,
     *     {@link AuthEventReason#MALFORMED} for a step-up claim of the wrong type, else (a 403)
     *     {@link AuthEventReason#INSUFFICIENT_ROLE}
     */
    public static AuthEventReason refusalReason(BearerError answer) {
        if (answer.equals(BearerError.MISSING_TOKEN)) {
            return AuthEventReason.MISSING;
        }
        if (answer.code() == BearerErrorCode.INSUFFICIENT_USER_AUTHENTICATION) {
            return AuthEventReason.INSUFFICIENT_USER_AUTHENTICATION;
        }
        return answer.code() == BearerErrorCode.INVALID_TOKEN
                ? AuthEventReason.MALFORMED
                : AuthEventReason.INSUFFICIENT_ROLE;
    }

    /**
     * The one size check: at most {@code maxTokenBytes} bytes in UTF-8. Counted without encoding; a token of
     * at most a third of the limit in characters cannot exceed it, so usual tokens are not scanned.
     */
    private boolean withinSize(String token) {
        int length = token == null ? 0 : token.length();
        if (length > maxTokenBytes) {
            return false;
        }
        if ((long) length * 3 <= maxTokenBytes) {
            return true;
        }
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = token.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair: 4
        }
        return bytes <= maxTokenBytes;
    }

    private AuthenticationOutcome verify(String token, Presentation presentation) {
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
            // After revocation: a proof is spent only when nothing else can refuse the request any more.
            AuthenticationOutcome.Failed unbound = refusedByBinding(jwt, rules.issuer(), presentation);
            if (unbound != null) {
                return unbound; // never cached: the token is fine, this request is not its holder's
            }
            AuthenticationOutcome.Authenticated outcome = new AuthenticationOutcome.Authenticated(principal);
            if (cache != null && jwt.claim("exp").orElse(null) instanceof Number) {
                cache.put(token, new Cached<>(outcome, rules.validityOf(jwt)), clock.millis(), generation);
            }
            publish(AuthEventReason.ACCEPTED, jwt);
            return outcome;
        } catch (JwtVerificationException e) {
            return refused(e, jwt);
        }
    }

    private AuthenticationOutcome.Failed refused(JwtVerificationException e, VerifiedJwt jwt) {
        if (jwt != null) {
            publish(e.reason(), jwt); // verify() returned, so the signature is good: the token's own iss and sub
        } else {
            publish(e.reason(), e.issuer().orElse(null), e.subject().orElse(null));
        }
        return new AuthenticationOutcome.Failed(toError(e));
    }

    /** The verified issuer's rules: each trusted issuer has its own principal mapping, skew and maximum age. */
    private IssuerRules rulesFor(VerifiedJwt jwt) throws JwtVerificationException {
        IssuerRules rules = issuers.get(jwt.issuer().orElse(null));
        if (rules == null) {
            throw new JwtVerificationException(
                    JwtVerificationException.Failure.INVALID, AuthEventReason.WRONG_ISSUER, "Issuer not trusted");
        }
        return rules;
    }

    /**
     * One trusted issuer's principal mapping, and the skew and maximum age a remembered token of it is held to
     * when its verifier computed no window (a verifier of your own): our verifier's window is used as it is.
     */
    private record IssuerRules(PrincipalMapping mapping, TrustedIssuer issuer) {
        IssuerRules(TrustedIssuer issuer) {
            this(new PrincipalMapping(issuer), issuer);
        }

        Validity validityOf(VerifiedJwt jwt) {
            return jwt.validity()
                    .orElseGet(() -> Validity.of(
                            jwt.claims(),
                            issuer.clockSkew(),
                            issuer.maxTokenAge().orElse(null)));
        }
    }

    /**
     * The time window verification computed, revocation and the binding (policy, proof, certificate), again for a
     * remembered token.
     */
    private AuthenticationOutcome recheck(
            String token,
            Cached<AuthenticationOutcome.Authenticated> cached,
            Presentation presentation,
            X509Certificate clientCertificate) {
        VerifiedJwt jwt = cached.value().principal().getJwt();
        try {
            cached.validity().check(clock.millis());
        } catch (JwtVerificationException e) {
            cache.remove(token);
            return refused(e, jwt);
        }
        AuthenticationOutcome.Failed revoked = refusedByRevocation(jwt);
        if (revoked == INVALID) {
            cache.remove(token);
        }
        if (revoked != null) {
            return revoked; // a store outage keeps the entry: no re-verifying storm once it is back
        }
        TrustedIssuer issuer = issuers.get(jwt.issuer().orElse(null)).issuer();
        AuthenticationOutcome.Failed unbound = presentation != null
                ? refusedByBinding(jwt, issuer, presentation)
                : refusedAsBearer(jwt, issuer, clientCertificate);
        if (unbound != null) {
            return unbound; // the entry stays for the token's holder
        }
        publish(AuthEventReason.ACCEPTED, jwt);
        return cached.value();
    }

    /**
     * @return the refusal when the token was presented in a way its issuer's policy or its binding does not allow
     *     (RFC 9449 section 7), with a proof that fails, or without the certificate it is bound to; else null
     */
    private AuthenticationOutcome.Failed refusedByBinding(
            VerifiedJwt jwt, TrustedIssuer issuer, Presentation presentation) {
        if (presentation.scheme() != Presentation.Scheme.DPOP) {
            return refusedAsBearer(jwt, issuer, presentation.clientCertificate());
        }
        AuthenticationOutcome.Failed refused = refusedAsDPoP(jwt, issuer, presentation);
        return refused != null ? refused : refusedByCertificate(jwt, presentation.clientCertificate());
    }

    /** A token presented as a bearer token: the issuer's policy and the token's bindings, then its certificate. */
    private AuthenticationOutcome.Failed refusedAsBearer(
            VerifiedJwt jwt, TrustedIssuer issuer, X509Certificate clientCertificate) {
        AuthenticationOutcome.Failed refused = refusedAsBearer(jwt, issuer);
        return refused != null ? refused : refusedByCertificate(jwt, clientCertificate);
    }

    /** A DPoP-bound token is never a bearer token (RFC 9449 section 7.2); a DPoP-only issuer's never are. */
    private AuthenticationOutcome.Failed refusedAsBearer(VerifiedJwt jwt, TrustedIssuer issuer) {
        if (DPoPBinding.claimsProof(jwt)) {
            publish(AuthEventReason.PROOF_REQUIRED, jwt);
            return PROOF_REQUIRED;
        }
        if (!issuer.dpopPolicy().acceptsBearer()) {
            publish(AuthEventReason.SCHEME_NOT_ALLOWED, jwt);
            return DPOP_REQUIRED;
        }
        return null;
    }

    /** The issuer must accept DPoP, the token must be bound, and the proof must pass with the token's key. */
    private AuthenticationOutcome.Failed refusedAsDPoP(VerifiedJwt jwt, TrustedIssuer issuer, Presentation p) {
        if (proofs == null || !issuer.dpopPolicy().acceptsDPoP()) {
            publish(AuthEventReason.SCHEME_NOT_ALLOWED, jwt);
            return DPOP_NOT_ACCEPTED;
        }
        String boundThumbprint = DPoPBinding.boundThumbprint(jwt).orElse(null);
        if (boundThumbprint == null) {
            publish(AuthEventReason.SCHEME_NOT_ALLOWED, jwt);
            return UNBOUND_TOKEN;
        }
        if (p.target() == null) {
            publish(AuthEventReason.INVALID_PROOF, jwt);
            return new AuthenticationOutcome.Failed(BearerError.INVALID_DPOP_PROOF);
        }
        try {
            proofs.verify(p.proof(), p.method(), p.target(), p.token(), boundThumbprint);
            return null;
        } catch (DPoPProofException e) {
            return refusedProof(e, jwt);
        }
    }

    private AuthenticationOutcome.Failed refusedProof(DPoPProofException e, VerifiedJwt jwt) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Refused DPoP proof: {0}", e.getMessage());
        }
        switch (e.reason()) {
            case REPLAY_CHECK_UNAVAILABLE:
                LOG.log(System.Logger.Level.WARNING, "DPoP replay check unavailable, request refused");
                publish(AuthEventReason.PROOF_CHECK_UNAVAILABLE, jwt);
                return new AuthenticationOutcome.Failed(BearerError.PROOF_CHECK_UNAVAILABLE);
            case NONCE_REQUIRED:
                publish(AuthEventReason.NONCE_REQUIRED, jwt);
                return new AuthenticationOutcome.Failed(BearerError.USE_DPOP_NONCE);
            case REPLAYED:
                publish(AuthEventReason.REPLAYED_PROOF, jwt);
                return new AuthenticationOutcome.Failed(proofError(e));
            default:
                publish(AuthEventReason.INVALID_PROOF, jwt);
                return new AuthenticationOutcome.Failed(proofError(e));
        }
    }

    /** The proof rule that failed, as the description: each is a fixed phrase of ours without any value sent. */
    private static BearerError proofError(DPoPProofException e) {
        return new BearerError(401, BearerErrorCode.INVALID_DPOP_PROOF, e.getMessage());
    }

    private AuthenticationOutcome.Failed refusedByCertificate(VerifiedJwt jwt, X509Certificate clientCertificate) {
        CertificateBinding.Verdict verdict = CertificateBinding.check(jwt, clientCertificate);
        if (verdict.accepted()) {
            return null;
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Refused certificate-bound token: {0}", verdict);
        }
        publish(AuthEventReason.WRONG_CERTIFICATE, jwt);
        return WRONG_CERTIFICATE;
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
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Revocation state unavailable, token refused: {0}",
                    LogText.clean(e.getMessage()));
            publish(AuthEventReason.REVOCATION_UNAVAILABLE, jwt);
            return new AuthenticationOutcome.Failed(BearerError.REVOCATION_UNAVAILABLE);
        }
    }

    private void publish(AuthEventReason reason, VerifiedJwt jwt) {
        events.report(
                reason,
                jwt == null ? null : jwt.issuer().orElse(null),
                jwt == null ? null : jwt.subject().orElse(null));
    }

    private void publish(AuthEventReason reason, String issuer, String subject) {
        events.report(reason, issuer, subject);
    }

    private static BearerError toError(JwtVerificationException e) {
        switch (e.failure()) {
            case EXPIRED:
                return BearerError.EXPIRED_TOKEN;
            case KEYS_UNAVAILABLE:
                LOG.log(
                        System.Logger.Level.WARNING,
                        "No verification key available: {0}",
                        LogText.clean(e.getMessage()));
                return BearerError.KEYS_UNAVAILABLE;
            default:
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, "Rejected token: {0}", LogText.clean(e.getMessage()));
                }
                return BearerError.INVALID_TOKEN;
        }
    }
}
