package dev.jwtfilter.verify;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.text.ParseException;

/**
 * The {@link TokenVerifier} built on Nimbus' {@link DefaultJWTProcessor}: only JWS tokens whose parts are
 * canonical base64url ({@link CompactEncoding}, checked before parsing; plain and encrypted JWTs are refused),
 * no {@code crit} header ({@link CriticalHeaders}), only algorithms on the allowlist with keys of the
 * matching family, then the type and claims rules. Everything is built once in the constructor;
 * {@link #verify} allocates only what parsing needs. Thread safe.
 */
public final class NimbusTokenVerifier implements TokenVerifier {
    private static final System.Logger LOG = System.getLogger(NimbusTokenVerifier.class.getName());
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final ClaimsRules claimsRules;

    /**
     * Builds the processor, key selector, type and claims rules of one trusted issuer.
     *
     * @param issuer the trusted issuer whose tokens this verifies
     */
    public NimbusTokenVerifier(TrustedIssuer issuer) {
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(
                new KeySelection(issuer.algorithms(), issuer.keys(), issuer.algorithmsConfigured()));
        processor.setJWSTypeVerifier(new TypeRules(issuer.acceptedTypes(), issuer.typeRequired()));
        processor.setJWTClaimsSetVerifier(null); // ours run after the signature, typed: ClaimsRules
        this.claimsRules = new ClaimsRules(issuer);
    }

    /**
     * {@inheritDoc} The size of the token is the caller's to limit (the authentication core does, with
     * {@code jwt.max-token-size}); this checks its encoding before anything is parsed.
     */
    @Override
    public VerifiedJwt verify(String token) throws JwtVerificationException {
        CompactEncoding.requireWellFormed(token);
        return verifyWellFormed(token);
    }

    /** Verifies a token whose encoding {@link CompactEncoding} has already accepted. */
    VerifiedJwt verifyWellFormed(String token) throws JwtVerificationException {
        SignedJWT jwt = parse(token);
        CriticalHeaders.check(jwt.getHeader().getCriticalParams());
        if (jwt.getHeader().getContentType() != null) {
            // cty announces a nested JWT (RFC 7519 section 5.2); this verifier reads claims only, never nesting.
            throw new JwtVerificationException(
                    Failure.INVALID, AuthEventReason.WRONG_TYPE, "Nested or typed content (cty) not accepted");
        }
        JWTClaimsSet claims = process(jwt);
        Validity validity = claimsRules.check(claims);
        return new VerifiedJwt(
                claims.toJSONObject(),
                jwt.getHeader().getAlgorithm().getName(),
                jwt.getHeader().getKeyID(),
                validity);
    }

    private static SignedJWT parse(String token) throws JwtVerificationException {
        try {
            // SignedJWT.parse accepts exactly three parts with a JWS header: 'none' and JWE fail here.
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            AuthEventReason reason = isUnsigned(token) ? AuthEventReason.BAD_SIGNATURE : AuthEventReason.MALFORMED;
            throw new JwtVerificationException(Failure.INVALID, reason, "Not a signed JWT: " + e.getMessage());
        } catch (RuntimeException e) {
            // Nimbus throws unchecked exceptions on some hostile input (a header of JSON null: an NPE, found
            // by fuzzing); it is the token's fault and must never become a 500.
            throw new JwtVerificationException(
                    Failure.INVALID,
                    AuthEventReason.MALFORMED,
                    "Unparseable token: " + e.getClass().getSimpleName());
        }
    }

    /**
     * A token without a signature ({@code alg: none}, or a JWS whose signature part was stripped): refused by
     * parsing, but reported as what it is, a bad signature.
     */
    private static boolean isUnsigned(String token) {
        int dot = token.indexOf('.');
        if (dot < 0 || !token.endsWith(".") || token.indexOf('.', dot + 1) != token.length() - 1) {
            return false;
        }
        try {
            Header.parse(new Base64URL(token.substring(0, dot)));
            return true;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    private JWTClaimsSet process(SignedJWT jwt) throws JwtVerificationException {
        try {
            return processor.process(jwt, null);
        } catch (RuleRejection e) {
            throw e.toVerificationException();
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            throw refusal(e);
        }
    }

    /** Nimbus' failures, classified by type: the client's fault (401), or no key to be had (503). */
    private static JwtVerificationException refusal(Exception e) {
        if (e instanceof BadJWSException) {
            return invalid(AuthEventReason.BAD_SIGNATURE, e.getMessage());
        }
        if (e instanceof BadJWTException) {
            // Nimbus' own BadJWTException before the signature check: the payload is not a claims set.
            return invalid(AuthEventReason.MALFORMED, e.getMessage());
        }
        if (e instanceof BadJOSEException) {
            // What Nimbus refuses otherwise is "another algorithm expected, or no matching key(s) found".
            return invalid(AuthEventReason.UNKNOWN_KEY, e.getMessage());
        }
        if (e instanceof KeySourceException) {
            // Our remote sources answer a rate-limited refetch from the keys they hold (no key: BadJOSEException
            // above); what reaches here, Nimbus' RateLimitReachedException included, means no key could be had.
            return new JwtVerificationException(
                    Failure.KEYS_UNAVAILABLE, AuthEventReason.KEYS_UNAVAILABLE, e.getMessage());
        }
        if (e instanceof JOSEException) {
            // With a validated configuration the remaining JOSE failures come from the token's own
            // content (a signature of the wrong shape, say), so they are the client's fault.
            return invalid(
                    AuthEventReason.BAD_SIGNATURE,
                    "JOSE failure: " + e.getClass().getSimpleName());
        }
        // Only a signed token reaches Nimbus' claims parsing; an unchecked failure there must not become a 500.
        LOG.log(
                System.Logger.Level.WARNING,
                "Unexpected {0} while verifying a signed token; refused",
                e.getClass().getName());
        return invalid(AuthEventReason.MALFORMED, "Unexpected " + e.getClass().getSimpleName());
    }

    private static JwtVerificationException invalid(AuthEventReason reason, String detail) {
        return new JwtVerificationException(Failure.INVALID, reason, detail);
    }
}
