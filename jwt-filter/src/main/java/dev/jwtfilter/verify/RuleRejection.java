package dev.jwtfilter.verify;

import com.nimbusds.jwt.proc.BadJWTException;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;

/**
 * A refusal by one of our rules that Nimbus' processor runs (the type rules, before the signature), carrying
 * its reason through the processor to {@link NimbusTokenVerifier}, typed rather than read from a message.
 */
final class RuleRejection extends BadJWTException {
    private static final long serialVersionUID = 1L;
    private final AuthEventReason reason;

    /** A refusal before the signature was checked: nothing of the token is named. */
    RuleRejection(AuthEventReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    JwtVerificationException toVerificationException() {
        return new JwtVerificationException(Failure.INVALID, reason, getMessage());
    }
}
