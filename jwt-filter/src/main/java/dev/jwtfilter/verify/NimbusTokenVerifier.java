package dev.jwtfilter.verify;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.io.Serial;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link TokenVerifier} built on Nimbus: only JWS tokens whose parts are canonical base64url
 * ({@link CompactEncoding}, checked before parsing; plain and encrypted JWTs are refused), no {@code crit} header
 * ({@link CriticalHeaders}), no {@code cty}, the type rules, only algorithms on the allowlist with keys of the matching
 * family ({@link KeySelection}), a signature checked by Nimbus' verifier of a selected key, then the claims rules.
 * These are the steps of Nimbus' {@code DefaultJWTProcessor}, in its order and with its refusals, with what it
 * redoes on every token done once: each key's Java key and verifier are made once per key ({@link KeyVerifiers}),
 * the header of an accepted token is parsed once per encoded form ({@link TokenHeaders}), and the claims are
 * parsed once and turned into JSON values once. Nimbus still parses every header and payload it has not seen
 * and checks every signature. Everything else is built once in the constructor. Thread safe.
 */
public final class NimbusTokenVerifier implements TokenVerifier {
    private static final System.Logger LOG = System.getLogger(NimbusTokenVerifier.class.getName());
    private final KeySelection keySelection;
    private final KeyVerifiers verifiers;
    private final TypeRules typeRules;
    private final ClaimsRules claimsRules;
    private final TokenHeaders headers = new TokenHeaders();

    /**
     * Builds the key selector, each key's verifier, the type and claims rules of one trusted issuer.
     *
     * @param issuer the trusted issuer whose tokens this verifies
     */
    public NimbusTokenVerifier(TrustedIssuer issuer) {
        this.keySelection = new KeySelection(issuer.algorithms(), issuer.keys(), issuer.algorithmsConfigured());
        this.verifiers = new KeyVerifiers(issuer.keys());
        this.typeRules = new TypeRules(issuer.acceptedTypes(), issuer.typeRequired());
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
        SignedToken jwt = parse(token);
        JWSHeader header = jwt.header();
        CriticalHeaders.check(header);
        if (header.getContentType() != null) {
            // cty announces a nested JWT (RFC 7519 section 5.2); this verifier reads claims only, never nesting.
            throw new JwtVerificationException(
                    Failure.INVALID, AuthEventReason.WRONG_TYPE, "Nested or typed content (cty) not accepted");
        }
        Signed signed = process(jwt);
        JWTClaimsSet claims = signed.claims();
        Map<String, Object> values = claims.toJSONObject();
        Validity validity = claimsRules.check(claims, values);
        headers.remember(header, signed.selector());
        return VerifiedJwt.ofFresh(values, header.getAlgorithm().getName(), header.getKeyID(), validity);
    }

    /** @return how many encoded headers of accepted tokens are remembered (for tests) */
    int rememberedHeaders() {
        return headers.size();
    }

    /**
     * The parts of a compact JWS: its header (parsed by Nimbus, or remembered from an accepted token with exactly
     * this encoded header), the payload, the bytes signed and the signature.
     */
    private record SignedToken(
            JWSHeader header,
            JWKSelector selector,
            SignedJWT parsed,
            Base64URL payload,
            int signedLength,
            String token) {
        /** @return the claims as Nimbus parses them, the way {@code SignedJWT.getJWTClaimsSet} does */
        JWTClaimsSet claims() throws ParseException {
            if (parsed != null) {
                return parsed.getJWTClaimsSet();
            }
            Map<String, Object> json = new Payload(payload).toJSONObject();
            if (json == null) {
                throw new ParseException("Payload of JWS object is not a valid JSON object", 0);
            }
            return JWTClaimsSet.parse(json);
        }

        /** @return header and payload as encoded, in ASCII (the token is canonical base64url, so ASCII) */
        byte[] signingInput() {
            if (parsed != null) {
                return parsed.getSigningInput();
            }
            byte[] input = new byte[signedLength];
            for (int i = 0; i < signedLength; i++) {
                input[i] = (byte) token.charAt(i);
            }
            return input;
        }

        Base64URL signature() {
            return parsed != null ? parsed.getSignature() : new CanonicalPart(token.substring(signedLength + 1));
        }
    }

    /**
     * A part already checked to be canonical base64url ({@link CompactEncoding}), decoded by the JDK. Nimbus' own
     * decoder, written to run in constant time for secrets, took about ten times as long (about 3 us for an RS256
     * signature here); the parts of a token are no secret, a MAC is still compared in constant time by Nimbus'
     * verifier, and on canonical input both decoders give the same bytes.
     */
    private static final class CanonicalPart extends Base64URL {
        @Serial
        private static final long serialVersionUID = 1L;

        CanonicalPart(String part) {
            super(part);
        }

        @Override
        public byte[] decode() {
            return java.util.Base64.getUrlDecoder().decode(toString());
        }
    }

    private SignedToken parse(String token) throws JwtVerificationException {
        SignedToken known = withKnownHeader(token);
        if (known != null) {
            return known;
        }
        SignedJWT jwt = parseSigned(token);
        return new SignedToken(jwt.getHeader(), null, jwt, null, 0, token);
    }

    /**
     * A token of exactly three non-empty parts whose header is one an accepted token had: what
     * {@code SignedJWT.parse} would make of it, without parsing the header again. Anything else, {@code null}: the
     * full parse decides.
     */
    private SignedToken withKnownHeader(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            return null;
        }
        TokenHeaders.Known known = headers.get(token.substring(0, first));
        if (known == null) {
            return null;
        }
        return new SignedToken(
                known.header(),
                known.selector(),
                null,
                new CanonicalPart(token.substring(first + 1, second)),
                second,
                token);
    }

    private static SignedJWT parseSigned(String token) throws JwtVerificationException {
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

    /** Claims whose signature verified, and the key selector their header gave. */
    private record Signed(JWTClaimsSet claims, JWKSelector selector) {}

    /**
     * Nimbus' {@code DefaultJWTProcessor.process} for a signed JWT, step by step: the type, the claims parsed, the
     * keys selected, the signature checked with each until one verifies.
     */
    private Signed process(SignedToken jwt) throws JwtVerificationException {
        try {
            typeRules.verify(jwt.header().getType(), null);
            JWTClaimsSet claims = claimsOf(jwt);
            JWKSelector selector = jwt.selector() != null ? jwt.selector() : keySelection.selectorFor(jwt.header());
            List<JWSVerifier> candidates = verifiersFor(keySelection.candidates(selector));
            if (candidates.isEmpty()) {
                throw new BadJOSEException(
                        "Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
            }
            byte[] signingInput = jwt.signingInput();
            Base64URL signature = jwt.signature();
            for (JWSVerifier verifier : candidates) {
                if (verify(verifier, jwt.header(), signingInput, signature)) {
                    return new Signed(claims, selector);
                }
            }
            throw new BadJWSException("Signed JWT rejected: Invalid signature");
        } catch (RuleRejection e) {
            throw e.toVerificationException();
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            throw refusal(e);
        }
    }

    /** The selected keys' verifiers; a key that cannot be made into a Java key is left out, as Nimbus does. */
    private List<JWSVerifier> verifiersFor(List<JWK> keys) throws JOSEException {
        if (keys.size() == 1) {
            JWSVerifier only = verifiers.verifierFor(keys.get(0));
            return only == null ? List.of() : List.of(only);
        }
        List<JWSVerifier> found = new ArrayList<>(keys.size());
        for (JWK key : keys) {
            JWSVerifier verifier = verifiers.verifierFor(key);
            if (verifier != null) {
                found.add(verifier);
            }
        }
        return found;
    }

    private static JWTClaimsSet claimsOf(SignedToken jwt) throws BadJWTException {
        try {
            return jwt.claims();
        } catch (ParseException e) {
            throw new BadJWTException(e.getMessage(), e);
        }
    }

    /** As {@code JWSObject.verify}: a failure of the verifier's own is a {@link JOSEException}. */
    private static boolean verify(JWSVerifier verifier, JWSHeader header, byte[] signingInput, Base64URL signature)
            throws JOSEException {
        try {
            return verifier.verify(header, signingInput, signature);
        } catch (JOSEException e) {
            throw e;
        } catch (Exception e) {
            throw new JOSEException(e.getMessage(), e);
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
