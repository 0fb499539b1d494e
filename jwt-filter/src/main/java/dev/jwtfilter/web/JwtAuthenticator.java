package dev.jwtfilter.web;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.internal.LogText;
import dev.jwtfilter.principal.PrincipalMapping;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import dev.jwtfilter.verify.TokenVerifier;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Authenticates one request: resolves the bearer token, verifies it and maps it to a principal. Shared
 * by the servlet filter and the Jakarta Security mechanism so that both apply the same rules and answer
 * with the same errors. Failures are logged at debug level without the token; a key outage at warning.
 * Thread safe.
 */
public final class JwtAuthenticator {
    private static final System.Logger LOG = System.getLogger(JwtAuthenticator.class.getName());

    private final BearerTokenResolver resolver;
    private final TokenVerifier verifier;
    private final PrincipalMapping mapping;

    /** Builds the resolver, the Nimbus verifier and the principal mapping from a configuration. */
    public JwtAuthenticator(JwtConfig config) {
        this(new BearerTokenResolver(config), new NimbusTokenVerifier(config), new PrincipalMapping(config));
    }

    /** Assembles an authenticator from its parts, for a custom verifier. */
    public JwtAuthenticator(BearerTokenResolver resolver, TokenVerifier verifier, PrincipalMapping mapping) {
        this.resolver = resolver;
        this.verifier = verifier;
        this.mapping = mapping;
    }

    /** @return the outcome for this request; never throws for anything the request contains */
    public AuthenticationOutcome authenticate(HttpServletRequest request) {
        TokenResolution resolution = resolver.resolve(request);
        if (resolution instanceof TokenResolution.Found found) {
            return authenticate(found.token());
        }
        if (resolution instanceof TokenResolution.Refused refused) {
            LOG.log(System.Logger.Level.DEBUG, "Refused bearer request: {0}", refused.error().description());
            return new AuthenticationOutcome.Failed(refused.error());
        }
        return AuthenticationOutcome.ANONYMOUS;
    }

    /** @return the outcome for one token string */
    public AuthenticationOutcome authenticate(String token) {
        try {
            return new AuthenticationOutcome.Authenticated(mapping.toPrincipal(verifier.verify(token)));
        } catch (JwtVerificationException e) {
            return new AuthenticationOutcome.Failed(toError(e));
        }
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
                LOG.log(System.Logger.Level.DEBUG, "Rejected token: {0}", LogText.clean(e.getMessage()));
                return BearerError.INVALID_TOKEN;
        }
    }
}
