package dev.jwtfilter.issue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.verify.TrustedIssuer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signs RFC 9068 access tokens with the active key of a {@link SigningKeySet}: header {@code typ: at+jwt}
 * and {@code kid}; claims {@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat}, {@code nbf},
 * a random {@code jti}, {@code client_id} when the request names a client, {@code cnf: {"jkt": ...}} when it
 * names a DPoP key (RFC 9449 section 6.1), the name claim and the roles claim
 * exactly where the verifier of the same {@link JwtConfig} reads them, plus the caller's extras. Default
 * lifetime 15 minutes. Thread safe.
 */
public final class NimbusAccessTokenIssuer implements AccessTokenIssuer {
    /** The default access token lifetime. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);

    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
    private static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id");

    private final String issuer;
    private final List<String> audiences;
    private final String nameClaim;
    private final String rolesClaim;
    private final Clock clock;
    private final Duration lifetime;
    private final JWSHeader header;
    private final JWSSigner signer;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param config the configuration the tokens must verify under: its own issuer ({@code jwt.issuer})
     * @param keys the signing keys; the active one signs
     * @param lifetime how long each token lives
     */
    public NimbusAccessTokenIssuer(JwtConfig config, SigningKeySet keys, Duration lifetime) {
        this(
                config.ownIssuer()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "Tokens can only be issued with an issuer of our own (jwt.issuer)")),
                keys,
                lifetime);
    }

    /**
     * @param trusted the issuer the tokens must verify under: its name, audiences, clock, name and roles claims
     * @param keys the signing keys; the active one signs
     * @param lifetime how long each token lives
     */
    public NimbusAccessTokenIssuer(TrustedIssuer trusted, SigningKeySet keys, Duration lifetime) {
        if (trusted.rolesClaim().contains(".")) {
            throw new IllegalArgumentException(
                    "Tokens can only be issued with a top-level roles claim, not " + trusted.rolesClaim());
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("Access token lifetime must be positive");
        }
        this.issuer = trusted.issuer();
        this.audiences = new ArrayList<>(trusted.audiences());
        this.nameClaim = trusted.principalClaims().get(0);
        this.rolesClaim = trusted.rolesClaim();
        this.clock = trusted.clock();
        this.lifetime = lifetime;
        this.header = new JWSHeader.Builder(keys.algorithm())
                .type(AT_JWT)
                .keyID(keys.activeKey().getKeyID())
                .build();
        try {
            this.signer = new DefaultJWSSignerFactory().createJWSSigner(keys.activeKey(), keys.algorithm());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The active key cannot sign " + keys.algorithm(), e);
        }
    }

    @Override
    public IssuedAccessToken issue(AccessTokenRequest request) {
        requireNoReservedClaim(request);
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String jti = newId();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        request.extraClaims().forEach(claims::claim);
        claims.issuer(issuer).subject(request.subject()).audience(audiences).jwtID(jti);
        claims.issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires));
        claims.claim(nameClaim, request.name()).claim(rolesClaim, List.copyOf(request.groups()));
        if (request.clientId() != null) {
            claims.claim("client_id", request.clientId());
        }
        if (request.dpopThumbprint() != null) {
            claims.claim("cnf", Map.of("jkt", request.dpopThumbprint()));
        }
        return new IssuedAccessToken(sign(claims.build()), jti, now, expires, request.dpopThumbprint());
    }

    private void requireNoReservedClaim(AccessTokenRequest request) {
        Set<String> reserved = new HashSet<>(REGISTERED);
        reserved.add(nameClaim);
        reserved.add(rolesClaim);
        if (request.dpopThumbprint() != null) {
            reserved.add("cnf"); // an extra cnf (an x5t#S256 of RFC 8705, say) stays possible on an unbound token
        }
        for (String name : request.extraClaims().keySet()) {
            if (reserved.contains(name)) {
                throw new IllegalArgumentException("Extra claim '" + name + "' would replace a claim the issuer sets");
            }
        }
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing failed", e);
        }
        return jwt.serialize();
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
