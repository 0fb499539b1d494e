package dev.jwtfilter.verify;

import com.nimbusds.jwt.JWTParser;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies tokens from several trusted issuers: the token's {@code iss}, read before anything is verified,
 * only chooses which issuer's verifier runs; that verifier then checks the signature with that issuer's
 * keys and every claim with that issuer's rules (including {@code iss} itself), so an unverified value
 * never decides more than where to look. A token naming no trusted issuer is invalid. The token is parsed
 * twice (here for {@code iss}, then by the chosen verifier), about a microsecond. Thread safe.
 */
public final class IssuerRoutingVerifier implements TokenVerifier {
    private final Map<String, NimbusTokenVerifier> byIssuer = new HashMap<>();

    /**
     * Builds one {@link NimbusTokenVerifier} per trusted issuer.
     *
     * @param issuers the trusted issuers, each named by its own {@code iss}
     */
    public IssuerRoutingVerifier(List<TrustedIssuer> issuers) {
        for (TrustedIssuer issuer : issuers) {
            byIssuer.put(issuer.issuer(), new NimbusTokenVerifier(issuer));
        }
    }

    @Override
    public VerifiedJwt verify(String token) throws JwtVerificationException {
        CompactEncoding.requireWellFormed(token); // once, before the routing parse
        NimbusTokenVerifier verifier = byIssuer.get(unverifiedIssuer(token));
        if (verifier == null) {
            throw new JwtVerificationException(Failure.INVALID, AuthEventReason.WRONG_ISSUER, "Issuer not trusted");
        }
        return verifier.verifyWellFormed(token);
    }

    private static String unverifiedIssuer(String token) throws JwtVerificationException {
        try {
            return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new JwtVerificationException(Failure.INVALID, "Not a JWT with a readable issuer");
        } catch (RuntimeException e) {
            // Hostile input can make Nimbus throw unchecked exceptions; it is the token's fault, never a 500.
            throw new JwtVerificationException(
                    Failure.INVALID, "Unparseable token: " + e.getClass().getSimpleName());
        }
    }
}
