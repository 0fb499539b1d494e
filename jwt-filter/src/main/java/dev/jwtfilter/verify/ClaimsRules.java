package dev.jwtfilter.verify;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.nimbusds.jose.proc.SecurityContext;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * The claims rules of RFC 7519 section 4.1 and RFC 8725 section 3.8/3.9 on top of Nimbus' verifier:
 * exact {@code iss}, {@code aud} containing one of ours, {@code exp} required, {@code nbf} honoured,
 * an {@code iat} in the future refused, and an optional maximum age. Time comes from the configured
 * {@link Clock}. Thread safe.
 */
final class ClaimsRules extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;
    private final Duration skew;
    private final Duration maxAge;
    private final Set<String> stringClaims;

    ClaimsRules(JwtConfig config) {
        // A mutable copy: Nimbus asks contains(null) for an "aud":[null] token, which immutable sets refuse with an NPE.
        super(new HashSet<>(config.audiences()), new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                required(config), null);
        this.clock = config.clock();
        this.skew = config.clockSkew();
        this.maxAge = config.maxTokenAge().orElse(null);
        this.stringClaims = config.profile().stringClaims();
        setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, skew.toSeconds()));
    }

    private static Set<String> required(JwtConfig config) {
        Set<String> names = new HashSet<>(Set.of("iss", "aud", "exp"));
        names.addAll(config.requiredClaims());
        if (config.maxTokenAge().isPresent()) {
            names.add("iat");
        }
        return names;
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }

    /**
     * Nimbus calls this only after the signature verified, so a refusal carries the token's issuer and subject
     * and its precise reason, read from the fixed messages of these rules and of Nimbus' (10.x).
     */
    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        try {
            check(claims, context);
        } catch (BadJWTException e) {
            throw new RuleRejection(e instanceof ExpiredJWTException ? Failure.EXPIRED : Failure.INVALID,
                    reasonOf(e), e.getMessage(), claims);
        }
    }

    private static AuthEventReason reasonOf(BadJWTException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof ExpiredJWTException || message.startsWith("JWT older than the maximum token age")) {
            return AuthEventReason.EXPIRED;
        }
        if (message.startsWith("JWT before use time") || message.startsWith("JWT issued in the future")) {
            return AuthEventReason.NOT_YET_VALID;
        }
        if (message.startsWith("JWT aud claim") || message.startsWith("JWT missing required aud")) {
            return AuthEventReason.WRONG_AUDIENCE;
        }
        return message.startsWith("JWT iss claim") ? AuthEventReason.WRONG_ISSUER : AuthEventReason.MALFORMED;
    }

    private void check(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        super.verify(claims, context);
        for (String name : getRequiredClaims()) {
            // Nimbus counts a claim as present when its name is, so "exp":null would never expire.
            if (claims.getClaim(name) == null) {
                throw new BadJWTException("JWT missing required claims");
            }
        }
        for (String name : stringClaims) {
            if (!(claims.getClaim(name) instanceof String value) || value.isBlank()) {
                throw new BadJWTException("JWT claim " + name + " is not a non-blank string");
            }
        }
        Date issued = claims.getIssueTime();
        if (issued == null) {
            return;
        }
        Instant now = clock.instant();
        if (issued.toInstant().isAfter(now.plus(skew))) {
            throw new BadJWTException("JWT issued in the future");
        }
        if (maxAge != null && issued.toInstant().isBefore(now.minus(maxAge).minus(skew))) {
            throw new BadJWTException("JWT older than the maximum token age");
        }
    }
}
