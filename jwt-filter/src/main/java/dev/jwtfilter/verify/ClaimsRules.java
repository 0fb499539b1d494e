package dev.jwtfilter.verify;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import dev.jwtfilter.config.JwtConfig;
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

    ClaimsRules(JwtConfig config) {
        // A mutable copy: Nimbus asks contains(null) for an "aud":[null] token, which immutable sets refuse with an NPE.
        super(new HashSet<>(config.audiences()), new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                required(config), null);
        this.clock = config.clock();
        this.skew = config.clockSkew();
        this.maxAge = config.maxTokenAge().orElse(null);
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

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        super.verify(claims, context);
        for (String name : getRequiredClaims()) {
            // Nimbus counts a claim as present when its name is, so "exp":null would never expire.
            if (claims.getClaim(name) == null) {
                throw new BadJWTException("JWT missing required claims");
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
