package dev.jwtfilter.verify;

/**
 * Verifies a compact-serialised JWT and returns its claims. Implementations are thread safe and do all
 * set-up work at construction, none per call.
 */
public interface TokenVerifier {

    /**
     * Verifies signature, header and claims of one token.
     *
     * @param token the compact serialisation, without any {@code Bearer } prefix
     * @return the verified token
     * @throws JwtVerificationException if the token is not acceptable or no key could be had
     */
    VerifiedJwt verify(String token) throws JwtVerificationException;
}
