package dev.jwtfilter.proof;

import dev.jwtfilter.verify.VerifiedJwt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

/**
 * Certificate-bound access tokens (RFC 8705 section 3): a token whose {@code cnf} claim carries
 * {@code x5t#S256} is accepted only from a caller whose TLS client certificate has that thumbprint, the
 * base64url SHA-256 of its DER encoding without padding. A token without {@code cnf.x5t#S256} is not bound and
 * passes. A {@code cnf} that is not a JSON object, or an {@code x5t#S256} that is not a string, is refused: a
 * token that may have meant to be bound is never taken as a bearer token. Free of the servlet API; the caller
 * hands in the certificate the connection presented. Stateless and thread safe.
 */
public final class CertificateBinding {
    /** The confirmation claim (RFC 7800 section 3.1). */
    public static final String CNF = "cnf";
    /** The confirmation member holding the certificate's SHA-256 thumbprint (RFC 8705 section 3.1). */
    public static final String X5T_S256 = "x5t#S256";

    /** What the check found; only {@link #UNBOUND} and {@link #MATCHED} let the token through. */
    public enum Verdict {
        /** The token carries no {@code cnf.x5t#S256}: a bearer token as before. */
        UNBOUND,
        /** The token is bound and the client certificate has its thumbprint. */
        MATCHED,
        /** The token is bound but the connection presented no client certificate. */
        NO_CERTIFICATE,
        /** The token is bound to another certificate than the one presented. */
        OTHER_CERTIFICATE,
        /** {@code cnf} is not an object, or {@code x5t#S256} is not a string. */
        MALFORMED;

        /** @return whether the token may be accepted */
        public boolean accepted() {
            return this == UNBOUND || this == MATCHED;
        }
    }

    private CertificateBinding() {}

    /**
     * Checks a verified token against the client certificate of the request's connection.
     *
     * @param jwt the verified token
     * @param clientCertificate the first (the client's own) certificate the TLS connection presented, or
     *        {@code null} when there was none
     * @return the verdict; never throws for anything the token contains
     */
    public static Verdict check(VerifiedJwt jwt, X509Certificate clientCertificate) {
        Object cnf = jwt.claim(CNF).orElse(null);
        if (cnf == null) {
            return Verdict.UNBOUND;
        }
        if (!(cnf instanceof Map<?, ?> confirmation)) {
            return Verdict.MALFORMED;
        }
        if (!confirmation.containsKey(X5T_S256)) {
            return Verdict.UNBOUND;
        }
        Object expected = confirmation.get(X5T_S256); // "x5t#S256": null is malformed, never unbound
        if (!(expected instanceof String thumbprint)) {
            return Verdict.MALFORMED;
        }
        if (clientCertificate == null) {
            return Verdict.NO_CERTIFICATE;
        }
        return matches(thumbprint, clientCertificate) ? Verdict.MATCHED : Verdict.OTHER_CERTIFICATE;
    }

    /**
     * @param certificate a certificate
     * @return its {@code x5t#S256} thumbprint: the base64url SHA-256 of its DER encoding, without padding
     * @throws CertificateEncodingException if the certificate cannot be encoded
     */
    public static String thumbprint(X509Certificate certificate) throws CertificateEncodingException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(certificate.getEncoded()));
    }

    private static boolean matches(String expected, X509Certificate certificate) {
        try {
            byte[] actual = thumbprint(certificate).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(actual, expected.getBytes(StandardCharsets.UTF_8));
        } catch (CertificateEncodingException e) {
            return false; // a certificate we cannot encode cannot prove anything
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
