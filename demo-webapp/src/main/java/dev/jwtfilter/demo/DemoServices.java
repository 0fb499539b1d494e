package dev.jwtfilter.demo;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.demo.auth.AccessTokenRevocation;
import dev.jwtfilter.demo.auth.LoginThrottle;
import dev.jwtfilter.demo.auth.Tarpit;
import dev.jwtfilter.demo.users.DemoIdentityStore;
import dev.jwtfilter.demo.users.UserDirectory;
import dev.jwtfilter.issue.AccessTokenIssuer;
import dev.jwtfilter.issue.NimbusAccessTokenIssuer;
import dev.jwtfilter.issue.SigningKeySet;
import dev.jwtfilter.refresh.RefreshTokenService;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.time.Duration;

/**
 * What the demo's endpoints share, made once by {@link DemoBootstrap} and kept as a servlet-context
 * attribute. The access-token issuer and the access-token revocation are built on first use from the
 * configuration the filter published, so tokens are issued, verified and revoked under exactly the rules
 * the filter checks. Thread safe.
 */
public final class DemoServices {
    /** The servlet-context attribute holding this object. */
    public static final String ATTRIBUTE = DemoServices.class.getName();
    /**
     * The {@code client_id} of every access token the demo issues (RFC 9068 section 2.2): the demo has one
     * public client, its page, and no client authentication, so a {@code client_id} a request might send would
     * prove nothing and is not read; one fixed id says honestly which client the token was issued to.
     */
    public static final String CLIENT_ID = "demo-web";

    private final SigningKeySet signingKeys;
    private final Duration accessTokenLifetime;
    private final RefreshTokenService refreshTokens;
    private final UserDirectory users;
    private final DemoIdentityStore identityStore;
    private final LoginThrottle throttle;
    private final Tarpit tarpit = new Tarpit();
    private volatile AccessTokenIssuer issuer;
    private volatile AccessTokenIssuer expiredIssuer;
    private volatile AccessTokenRevocation accessTokens;

    DemoServices(SigningKeySet signingKeys, Duration accessTokenLifetime, RefreshTokenService refreshTokens,
                 UserDirectory users, DemoIdentityStore identityStore, LoginThrottle throttle) {
        this.signingKeys = signingKeys;
        this.accessTokenLifetime = accessTokenLifetime;
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.identityStore = identityStore;
        this.throttle = throttle;
    }

    /** @return the services of this web application */
    public static DemoServices of(ServletContext context) {
        return (DemoServices) context.getAttribute(ATTRIBUTE);
    }

    /** @return the filter's configuration, published by its {@code init} */
    public static JwtConfig filterConfig(ServletContext context) {
        Object config = context.getAttribute(JwtAuthenticationFilter.CONFIG_ATTRIBUTE);
        if (!(config instanceof JwtConfig jwtConfig)) {
            throw new IllegalStateException("The JWT filter has not started");
        }
        return jwtConfig;
    }

    /** @return the access-token issuer, built from the filter's configuration on first use */
    public AccessTokenIssuer issuer(ServletContext context) {
        AccessTokenIssuer current = issuer;
        if (current == null) {
            current = new NimbusAccessTokenIssuer(filterConfig(context), signingKeys, accessTokenLifetime);
            issuer = current;
        }
        return current;
    }

    /**
     * @return an issuer like {@link #issuer}, with the same keys and claims, whose clock runs behind by a token
     *     lifetime plus the verifier's clock skew plus a minute: every token it signs is already expired. Only
     *     for the demo page's "expired token" control; built on first use
     */
    public AccessTokenIssuer expiredTokenIssuer(ServletContext context) {
        AccessTokenIssuer current = expiredIssuer;
        if (current == null) {
            JwtConfig config = filterConfig(context);
            Duration behind = accessTokenLifetime.plus(config.clockSkew()).plusMinutes(1);
            JwtConfig past = JwtConfig.builder().issuer(config.issuer()).audiences(config.audiences())
                    .keys(config.keys()).algorithms(config.algorithms()).principalClaims(config.principalClaims())
                    .rolesClaim(config.rolesClaim()).clock(Clock.offset(config.clock(), behind.negated())).build();
            current = new NimbusAccessTokenIssuer(past, signingKeys, accessTokenLifetime);
            expiredIssuer = current;
        }
        return current;
    }

    /** @return what revokes access tokens, built from the filter's configuration on first use */
    public AccessTokenRevocation accessTokens(ServletContext context) {
        AccessTokenRevocation current = accessTokens;
        if (current == null) {
            current = new AccessTokenRevocation(filterConfig(context));
            accessTokens = current;
        }
        return current;
    }

    /** @return the signing keys, whose public part the JWKS endpoint publishes */
    public SigningKeySet signingKeys() {
        return signingKeys;
    }

    /** @return the refresh-token service */
    public RefreshTokenService refreshTokens() {
        return refreshTokens;
    }

    /** @return the users */
    public UserDirectory users() {
        return users;
    }

    /** @return the identity store that checks passwords */
    public DemoIdentityStore identityStore() {
        return identityStore;
    }

    /** @return where refused logins wait for their answer */
    public Tarpit tarpit() {
        return tarpit;
    }

    /** @return the failed-login throttle */
    public LoginThrottle throttle() {
        return throttle;
    }
}
