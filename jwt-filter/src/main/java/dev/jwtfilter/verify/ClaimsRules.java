package dev.jwtfilter.verify;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims rules of RFC 7519 section 4.1 and RFC 8725 sections 3.8 to 3.10 for one trusted issuer, each
 * refusal typed where it is raised: {@code aud} containing one of the issuer's audiences, the required claims
 * named, exact {@code iss}, the time window ({@link Validity}: {@code exp} required, {@code nbf} honoured, an
 * {@code iat} in the future refused, an optional maximum age), no required claim null, then the profile's
 * string claims (the order Nimbus' own verifier and ours had before, so that a token breaking several rules is
 * reported as before). Runs only on a correctly signed token, so a refusal names its issuer and subject. Time comes
 * from the issuer's {@link Clock}. Thread safe.
 */
final class ClaimsRules {
    private final String issuer;
    private final Set<String> audiences;
    private final Set<String> required;
    private final Set<String> stringClaims;
    private final Clock clock;
    private final Duration skew;
    private final Duration maxAge;

    ClaimsRules(TrustedIssuer trusted) {
        this.issuer = trusted.issuer();
        this.audiences = trusted.audiences();
        this.required = required(trusted);
        this.stringClaims = trusted.stringClaims();
        this.clock = trusted.clock();
        this.skew = trusted.clockSkew();
        this.maxAge = trusted.maxTokenAge().orElse(null);
    }

    private static Set<String> required(TrustedIssuer trusted) {
        Set<String> names = new HashSet<>(Set.of("iss", "aud", "exp"));
        names.addAll(trusted.requiredClaims());
        if (trusted.maxTokenAge().isPresent()) {
            names.add("iat");
        }
        return Set.copyOf(names);
    }

    /**
     * @param claims the claims as Nimbus parsed them
     * @param json the same claims as JSON values ({@link JWTClaimsSet#toJSONObject()}), made once by the caller
     * @return the window in which the token may be accepted, checked now
     * @throws JwtVerificationException the first rule the claims break, with the token's issuer and subject
     */
    Validity check(JWTClaimsSet claims, Map<String, Object> json) throws JwtVerificationException {
        try {
            Map<String, Object> values = claims.getClaims();
            checkAudience(claims.getAudience());
            checkNamed(values);
            checkIssuer(values.get("iss"));
            Validity validity = Validity.of(json, skew, maxAge);
            validity.check(clock.millis());
            checkNotNull(values);
            checkStrings(values);
            return validity;
        } catch (JwtVerificationException e) {
            return rethrow(e, claims);
        }
    }

    private static Validity rethrow(JwtVerificationException e, JWTClaimsSet claims) throws JwtVerificationException {
        throw e.withVerifiedParties(claims.getIssuer(), claims.getSubject());
    }

    private void checkAudience(List<String> values) throws JwtVerificationException {
        if (values != null) {
            for (String value : values) {
                if (value != null && audiences.contains(value)) {
                    return;
                }
            }
        }
        throw refusal(AuthEventReason.WRONG_AUDIENCE, "JWT aud claim names none of the accepted audiences");
    }

    private void checkNamed(Map<String, Object> values) throws JwtVerificationException {
        if (!values.keySet().containsAll(required)) {
            throw refusal(AuthEventReason.MALFORMED, "JWT missing required claims");
        }
    }

    private void checkNotNull(Map<String, Object> values) throws JwtVerificationException {
        for (String name : required) {
            // A claim given as null counts as missing, so "exp":null can never mean "never expires".
            if (values.get(name) == null) {
                throw refusal(AuthEventReason.MALFORMED, "JWT required claim is null");
            }
        }
    }

    private void checkIssuer(Object value) throws JwtVerificationException {
        if (!issuer.equals(value)) {
            throw refusal(AuthEventReason.WRONG_ISSUER, "JWT iss claim is not the trusted issuer");
        }
    }

    private void checkStrings(Map<String, Object> values) throws JwtVerificationException {
        for (String name : stringClaims) {
            if (!(values.get(name) instanceof String value) || value.isBlank()) {
                throw refusal(AuthEventReason.MALFORMED, "JWT claim " + name + " is not a non-blank string");
            }
        }
    }

    private static JwtVerificationException refusal(AuthEventReason reason, String detail) {
        return new JwtVerificationException(Failure.INVALID, reason, detail);
    }
}
