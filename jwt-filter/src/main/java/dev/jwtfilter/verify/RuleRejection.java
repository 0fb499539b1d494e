package dev.jwtfilter.verify;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;

/**
 * A refusal by one of our own rules, carrying its reason through Nimbus' processor to
 * {@link NimbusTokenVerifier}. Thrown from the claims rules, which Nimbus runs only after the signature
 * verified, it also carries the token's issuer and subject; from the type rules (before the signature) not.
 */
final class RuleRejection extends BadJWTException {
    private static final long serialVersionUID = 1L;
    private final Failure failure;
    private final AuthEventReason reason;
    private final String issuer;
    private final String subject;

    /** A refusal before the signature was checked: nothing of the token is named. */
    RuleRejection(AuthEventReason reason, String message) {
        this(Failure.INVALID, reason, message, null);
    }

    /** A refusal of the claims of a correctly signed token. */
    RuleRejection(Failure failure, AuthEventReason reason, String message, JWTClaimsSet signedClaims) {
        super(message);
        this.failure = failure;
        this.reason = reason;
        this.issuer = signedClaims == null ? null : signedClaims.getIssuer();
        this.subject = signedClaims == null ? null : signedClaims.getSubject();
    }

    JwtVerificationException toVerificationException() {
        return new JwtVerificationException(failure, reason, getMessage()).withVerifiedParties(issuer, subject);
    }
}
