package dev.jwtfilter.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.text.ParseException;

/**
 * The {@link TokenVerifier} built on Nimbus' {@link DefaultJWTProcessor}: only JWS tokens (plain and
 * encrypted JWTs are refused), only algorithms on the allowlist with keys of the matching family,
 * unknown {@code crit} headers refused by Nimbus' verifiers, then the claims rules. Everything is built
 * once in the constructor; {@link #verify} allocates only what parsing needs. Thread safe.
 */
public final class NimbusTokenVerifier implements TokenVerifier {
    private static final System.Logger LOG = System.getLogger(NimbusTokenVerifier.class.getName());
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final int maxTokenBytes;

    /** Builds the processor, key selector, type and claims rules from a configuration. */
    public NimbusTokenVerifier(JwtConfig config) {
        this.maxTokenBytes = config.maxTokenBytes();
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new KeySelection(config.algorithms(), config.keys()));
        processor.setJWSTypeVerifier(new TypeRules(config.acceptedTypes(), config.typeRequired()));
        processor.setJWTClaimsSetVerifier(new ClaimsRules(config));
    }

    @Override
    public VerifiedJwt verify(String token) throws JwtVerificationException {
        if (token == null || token.isEmpty() || token.length() > maxTokenBytes) {
            throw new JwtVerificationException(Failure.INVALID, "Token empty or over the size limit");
        }
        SignedJWT jwt = parse(token);
        if (jwt.getHeader().getContentType() != null) {
            // cty announces a nested JWT (RFC 7519 section 5.2); this verifier reads claims only, never nesting.
            throw new JwtVerificationException(Failure.INVALID, "Nested or typed content (cty) not accepted");
        }
        JWTClaimsSet claims = process(jwt);
        return new VerifiedJwt(claims.toJSONObject(), jwt.getHeader().getAlgorithm().getName(),
                jwt.getHeader().getKeyID());
    }

    private static SignedJWT parse(String token) throws JwtVerificationException {
        try {
            // SignedJWT.parse accepts exactly three parts with a JWS header: 'none' and JWE fail here.
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new JwtVerificationException(Failure.INVALID, "Not a signed JWT: " + e.getMessage());
        } catch (RuntimeException e) {
            // Nimbus throws unchecked exceptions on some hostile input (a header of JSON null: an NPE, found
            // by fuzzing); it is the token's fault and must never become a 500.
            throw new JwtVerificationException(Failure.INVALID, "Unparseable token: " + e.getClass().getSimpleName());
        }
    }

    private JWTClaimsSet process(SignedJWT jwt) throws JwtVerificationException {
        try {
            return processor.process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new JwtVerificationException(Failure.EXPIRED, e.getMessage());
        } catch (BadJOSEException e) {
            throw new JwtVerificationException(Failure.INVALID, e.getMessage());
        } catch (RateLimitReachedException e) {
            // A token naming yet another unknown kid within the refetch rate limit: the token's fault, not an outage.
            throw new JwtVerificationException(Failure.INVALID, "Unknown key id, JWKS refetch rate limited");
        } catch (KeySourceException e) {
            throw new JwtVerificationException(Failure.KEYS_UNAVAILABLE, e.getMessage());
        } catch (JOSEException e) {
            // With a validated configuration the remaining JOSE failures come from the token's own
            // content (a signature of the wrong shape, say), so they are the client's fault.
            throw new JwtVerificationException(Failure.INVALID, "JOSE failure: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            // Only a signed token reaches Nimbus' claims code; an unchecked failure there must not become a 500.
            LOG.log(System.Logger.Level.WARNING, "Unexpected {0} while verifying a correctly signed token; refused",
                    e.getClass().getName());
            throw new JwtVerificationException(Failure.INVALID, "Unexpected " + e.getClass().getSimpleName());
        }
    }
}
