package dev.jwtfilter.core;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * How a request presented its access token: the token, the {@code Authorization} scheme it came with, and what a
 * sender-constrained token is checked against: the {@code DPoP} proof with the request's method and target URI
 * (RFC 9449 section 4.3), and the TLS client certificate (RFC 8705 section 3). Built by the servlet edge, or by
 * any other caller of {@link JwtAuthenticator}. Immutable.
 *
 * @param token the access token, without its scheme
 * @param scheme {@link Scheme#BEARER} for {@code Authorization: Bearer}, a cookie or a query parameter;
 *     {@link Scheme#DPOP} for {@code Authorization: DPoP}
 * @param proof the one {@code DPoP} header's value, or {@code null} when there was none
 * @param method the request method, compared with a proof's {@code htm}; may be {@code null} with {@code Bearer}
 * @param target the request URI as the client addressed it, compared with a proof's {@code htu}; {@code null}
 *     when it could not be made out (a proof is then refused)
 * @param clientCertificate the client's own TLS certificate, or {@code null} when the connection presented none
 */
public record Presentation(
        String token, Scheme scheme, String proof, String method, URI target, X509Certificate clientCertificate) {
    /** The {@code Authorization} scheme a token came with. */
    public enum Scheme {
        /** RFC 6750: {@code Bearer}, or a token read from a cookie or the query. */
        BEARER,
        /** RFC 9449: {@code DPoP}, with a proof of possession of the key the token is bound to. */
        DPOP
    }

    /**
     * Checks that the scheme is present, and the method with the {@code DPoP} scheme.
     *
     * @param token the access token
     * @param scheme the scheme it came with
     * @param proof the {@code DPoP} header, or {@code null}
     * @param method the request method
     * @param target the request URI as addressed, or {@code null}
     * @param clientCertificate the TLS client certificate, or {@code null}
     */
    public Presentation {
        Objects.requireNonNull(scheme, "scheme");
        if (scheme == Scheme.DPOP) {
            Objects.requireNonNull(method, "method");
        }
    }

    /**
     * @param token the access token
     * @param clientCertificate the TLS client certificate, or {@code null}
     * @return a bearer presentation, with no proof to check
     */
    public static Presentation bearer(String token, X509Certificate clientCertificate) {
        return new Presentation(token, Scheme.BEARER, null, null, null, clientCertificate);
    }
}
