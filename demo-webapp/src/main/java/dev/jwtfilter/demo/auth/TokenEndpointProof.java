package dev.jwtfilter.demo.auth;

import dev.jwtfilter.demo.web.BoundedLog;
import dev.jwtfilter.demo.web.Json;
import dev.jwtfilter.proof.DPoPProofException;
import dev.jwtfilter.proof.DPoPProofVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The optional {@code DPoP} header of a token request (RFC 9449 section 5): none is the bearer flow; exactly one is
 * verified for {@code POST} to this endpoint's own URL, without {@code ath} (no access token is sent), and its key's
 * thumbprint is what the issued tokens are bound to. A bad proof is {@link Refused}: 400 {@code invalid_dpop_proof}
 * (RFC 6749 section 5.2), or 503 with {@code Retry-After} when the replay cache cannot answer. Thread safe.
 */
final class TokenEndpointProof {
    /** The request header that carries the proof (RFC 9449 section 4.1). */
    static final String HEADER = "DPoP";

    private static final System.Logger LOG = System.getLogger(TokenEndpointProof.class.getName());
    // Lines any client can cause: bounded, so that a flood of bad proofs cannot flood the log.
    private static final BoundedLog REFUSED = new BoundedLog(LOG, System.Logger.Level.INFO);

    private final DPoPProofVerifier verifier;

    TokenEndpointProof(DPoPProofVerifier verifier) {
        this.verifier = verifier;
    }

    /**
     * @param request a token request
     * @return the thumbprint of the verified proof's key, or empty when the request has no {@code DPoP} header
     * @throws Refused when the request has two proofs or a proof that fails a rule of RFC 9449 section 4.3
     */
    Optional<String> thumbprint(HttpServletRequest request) throws Refused {
        List<String> proofs = Collections.list(request.getHeaders(HEADER));
        if (proofs.isEmpty()) {
            return Optional.empty();
        }
        if (proofs.size() > 1) {
            throw new Refused(400, "invalid_dpop_proof", "Send exactly one DPoP proof");
        }
        try {
            return Optional.of(verifier.verify(proofs.get(0), "POST", endpointUri(request), null)
                    .thumbprint());
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "invalid_dpop_proof", "DPoP proof is invalid"); // a URL no htu can name
        } catch (DPoPProofException e) {
            REFUSED.log("DPoP proof refused at the token endpoint: " + e.reason());
            if (!e.clientError()) {
                throw new Refused(503, "temporarily_unavailable", "Try again shortly");
            }
            throw new Refused(400, "invalid_dpop_proof", "DPoP proof is invalid");
        }
    }

    /**
     * The URL the client addressed, which the proof's {@code htu} must name. Jetty and Tomcat build it from the
     * {@code Host} header and the connector's scheme; behind a proxy that rewrites them, the external URL belongs
     * here instead.
     */
    static URI endpointUri(HttpServletRequest request) {
        return URI.create(request.getRequestURL().toString());
    }

    /** A token request refused for its proof, or because its proof could not be checked; carries no proof text. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String error;

        Refused(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }

        /** Writes the OAuth error response (RFC 6749 section 5.2); a 503 says when to retry. */
        void answer(HttpServletResponse response) throws IOException {
            if (status == 503) {
                response.setHeader("Retry-After", "1");
            }
            Json.error(response, status, error, getMessage());
        }
    }
}
