package dev.jwtfilter.demo;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.issue.AccessTokenIssuer;
import dev.jwtfilter.issue.NimbusAccessTokenIssuer;
import dev.jwtfilter.issue.SigningKeySet;
import dev.jwtfilter.verify.TrustedIssuer;
import java.time.Clock;
import java.time.Duration;

/**
 * Makes the demo's access-token issuers from the demo's signing keys and the filter's configuration, so that
 * tokens are issued under exactly the rules the filter checks. Thread safe.
 */
public final class DemoTokens {
    /**
     * The {@code client_id} of every access token the demo issues (RFC 9068 section 2.2): the demo has one
     * public client, its page, and no client authentication, so a {@code client_id} a request might send would
     * prove nothing and is not read; one fixed id says honestly which client the token was issued to.
     */
    public static final String CLIENT_ID = "demo-web";

    /**
     * The {@code acr} (authentication context class reference, RFC 9470 section 3) of every demo login: a user name
     * and password checked at the token endpoint. Logins put it in the access token with {@code auth_time}; a token
     * request whose {@code acr_values} do not name it is refused.
     */
    public static final String PASSWORD_ACR = "urn:jwt-demo:acr:password";

    private final SigningKeySet signingKeys;
    private final Duration lifetime;

    /**
     * @param signingKeys the keys tokens are signed with
     * @param lifetime the access-token lifetime
     */
    public DemoTokens(SigningKeySet signingKeys, Duration lifetime) {
        this.signingKeys = signingKeys;
        this.lifetime = lifetime;
    }

    /** @return an issuer of access tokens the filter accepts */
    public AccessTokenIssuer issuer(JwtConfig filterConfig) {
        return new NimbusAccessTokenIssuer(filterConfig, signingKeys, lifetime);
    }

    /**
     * @return an issuer like {@link #issuer}, with the same keys and claims, whose clock runs behind by a token
     *     lifetime plus the verifier's clock skew plus a minute: every token it signs is already expired. Only
     *     for the demo page's "expired token" control
     */
    public AccessTokenIssuer expiredTokenIssuer(JwtConfig filterConfig) {
        TrustedIssuer own = filterConfig.ownIssuer().orElseThrow();
        Duration behind = lifetime.plus(own.clockSkew()).plusMinutes(1);
        TrustedIssuer past = TrustedIssuer.builder(own.issuer(), own.keys())
                .audiences(own.audiences())
                .principal(own.principalClaims(), own.rolesClaim(), own.rolePrefix(), own.namePrefix())
                .clock(Clock.offset(own.clock(), behind.negated()))
                .build();
        return new NimbusAccessTokenIssuer(past, signingKeys, lifetime);
    }

    /** @return the signing keys, whose public part the JWKS endpoint publishes */
    public SigningKeySet signingKeys() {
        return signingKeys;
    }
}
