package dev.jwtfilter.web;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.ResourceMetadata;
import dev.jwtfilter.core.Presentation;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.proof.DPoPNonces;
import dev.jwtfilter.proof.DPoPProofSettings;
import dev.jwtfilter.verify.TrustedIssuer;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place that answers a refused request: the status, the challenges ({@code WWW-Authenticate: Bearer} of
 * RFC 6750 section 3, and {@code DPoP} with its {@code algs} of RFC 9449 section 7.1 when some issuer accepts
 * DPoP), {@code Cache-Control: no-store}, {@code Retry-After} on 503, a fresh {@code DPoP-Nonce} on a 401 when
 * server nonces are on, and a small JSON body {@code {"error":..,"error_description":..}}, or with
 * {@code jwt.problem-details} an RFC 9457 {@code application/problem+json} body that keeps those two members
 * ({@link #responseBody}). One challenge is sent
 * per scheme the application accepts; the one of the scheme the request used carries {@code error} and
 * {@code error_description} (when the error has a code), the others are bare. Descriptions are our fixed
 * phrases, never exception messages or values sent. Thread safe.
 */
public final class ChallengeWriter {
    /** Seconds a client is asked to wait when keys are unavailable. */
    public static final int RETRY_AFTER_SECONDS = 10;
    /** The media type of an RFC 9457 problem details body (section 6.1). */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The response header carrying a server nonce (RFC 9449 section 8). */
    public static final String DPOP_NONCE_HEADER = "DPoP-Nonce";

    private final String realm;
    private final boolean bearerOffered;
    /** The {@code algs} of the DPoP challenge, or {@code null} when no issuer accepts DPoP. */
    private final String dpopAlgorithms;

    private final DPoPNonces nonces;
    /** The {@code resource_metadata} of every 401 challenge (RFC 9728 section 5.1), or {@code null}. */
    private final String metadataUrl;
    /** Whether bodies are RFC 9457 problem details ({@code jwt.problem-details}). */
    private final boolean problemDetails;

    /**
     * A writer of {@code Bearer} challenges with the plain JSON body, as for a configuration's defaults.
     *
     * @param realm the realm, already validated to need no escaping
     */
    public ChallengeWriter(String realm) {
        this(realm, true, null, null, null, false);
    }

    private ChallengeWriter(
            String realm,
            boolean bearerOffered,
            String dpopAlgorithms,
            DPoPNonces nonces,
            String metadataUrl,
            boolean problemDetails) {
        this.realm = realm;
        this.bearerOffered = bearerOffered;
        this.dpopAlgorithms = dpopAlgorithms;
        this.nonces = nonces;
        this.metadataUrl = metadataUrl;
        this.problemDetails = problemDetails;
    }

    /**
     * @param config the configuration the requests are authenticated with
     * @return a writer offering the schemes the configuration accepts: {@code Bearer} unless every issuer requires
     *     DPoP, {@code DPoP} when some issuer accepts it, with the proof algorithms and the nonces
     */
    public static ChallengeWriter of(JwtConfig config) {
        boolean bearer = config.trustedIssuers().stream()
                .map(TrustedIssuer::dpopPolicy)
                .anyMatch(policy -> policy.acceptsBearer());
        DPoPProofSettings proofs = config.dpopProofSettings().orElse(null);
        return new ChallengeWriter(
                config.realm(),
                bearer,
                proofs == null
                        ? null
                        : proofs.algorithms().stream()
                                .map(JWSAlgorithm::getName)
                                .collect(Collectors.joining(" ")),
                proofs == null ? null : proofs.nonces().orElse(null),
                config.resourceMetadata().map(ResourceMetadata::url).orElse(null),
                config.problemDetails());
    }

    /**
     * @param error the error to answer
     * @return the {@code WWW-Authenticate: Bearer} value for an error
     */
    public String challenge(BearerError error) {
        return scheme("Bearer", error.code() == null ? null : error, metadataUrl != null && error.status() == 401)
                .toString();
    }

    /**
     * @param error the error to answer
     * @param scheme the scheme the request used, whose challenge carries the error
     * @return the {@code WWW-Authenticate} values, one per scheme accepted, the one carrying the error first
     */
    public List<String> challenges(BearerError error, Presentation.Scheme scheme) {
        boolean dpopOffered = dpopAlgorithms != null;
        boolean errorOnDPoP = dpopOffered && (scheme == Presentation.Scheme.DPOP || !bearerOffered);
        BearerError withCode = error.code() == null ? null : error;
        boolean metadata = metadataUrl != null && error.status() == 401;
        List<String> values = new ArrayList<>(2);
        if (errorOnDPoP) {
            values.add(scheme("DPoP", withCode, metadata).toString());
            if (bearerOffered) {
                values.add(scheme("Bearer", null, metadata).toString());
            }
        } else {
            values.add(scheme("Bearer", withCode, metadata).toString());
            if (dpopOffered) {
                values.add(scheme("DPoP", null, metadata).toString());
            }
        }
        return values;
    }

    private StringBuilder scheme(String name, BearerError error, boolean metadata) {
        StringBuilder header =
                new StringBuilder(name).append(" realm=\"").append(realm).append('"');
        if (name.equals("DPoP")) {
            header.append(", algs=\"").append(dpopAlgorithms).append('"');
        }
        if (metadata) {
            header.append(", resource_metadata=\"").append(metadataUrl).append('"');
        }
        if (error != null) {
            header.append(", error=\"")
                    .append(error.code().wireValue())
                    .append("\", error_description=\"")
                    .append(error.description())
                    .append('"');
            error.parameters()
                    .forEach((param, value) -> header.append(", ")
                            .append(param)
                            .append("=\"")
                            .append(value)
                            .append('"'));
        }
        return header;
    }

    /**
     * @param error the error to answer
     * @return the plain RFC 6750 JSON body for an error, whatever {@code jwt.problem-details} says (see
     *     {@link #responseBody})
     */
    public static String body(BearerError error) {
        return "{\"error\":\"" + error.bodyError() + "\",\"error_description\":\"" + error.description() + "\"}";
    }

    /**
     * The body {@link #write} sends, for code that builds its own response (a Jakarta REST exception mapper): the
     * {@link #body} of RFC 6750, or with {@code jwt.problem-details} an RFC 9457 problem details object,
     * {@code {"type":"about:blank","title":<reason phrase>,"status":N,"detail":<description>,"error":..,
     * "error_description":..}}. {@code about:blank} says the status and the challenge carry the meaning, so the
     * title is the status's reason phrase (section 4.2.1); {@code error} and {@code error_description} are
     * extension members (section 3.2). Only our fixed phrases, never a token or an exception message.
     *
     * @param error the error to answer
     * @return the body, of type {@link #contentType()}
     */
    public String responseBody(BearerError error) {
        return problemDetails ? ProblemDetails.of(error) : body(error);
    }

    /**
     * @return the media type of {@link #responseBody}: {@value #PROBLEM_JSON} with {@code jwt.problem-details}, else
     *     {@code application/json}
     */
    public String contentType() {
        return problemDetails ? PROBLEM_JSON : "application/json";
    }

    /**
     * The headers of the answer to an error of a {@code Bearer} request, in the order {@link #write} sets them;
     * see {@link #headers(BearerError, Presentation.Scheme)}.
     *
     * @param error the error to answer
     * @return a new, ordered map of header names to values
     */
    public Map<String, String> headers(BearerError error) {
        return headers(error, Presentation.Scheme.BEARER);
    }

    /**
     * The headers of the answer to an error, in the order {@link #write} sets them: the challenges joined into one
     * {@code WWW-Authenticate} value (or {@code Retry-After} on 503), a {@code DPoP-Nonce} on a 401 when nonces
     * are on, then {@code Cache-Control: no-store}. For code that builds its own response around {@link #body},
     * such as a Jakarta REST exception mapper; with {@link #responseBody} of type {@link #contentType()}.
     *
     * @param error the error to answer
     * @param scheme the scheme the request used
     * @return a new, ordered map of header names to values
     */
    public Map<String, String> headers(BearerError error, Presentation.Scheme scheme) {
        return headers(error, error.status() < 500 ? challenges(error, scheme) : List.of());
    }

    private Map<String, String> headers(BearerError error, List<String> challenges) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (error.status() == 503) {
            headers.put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        } else if (error.status() < 500) {
            headers.put("WWW-Authenticate", String.join(", ", challenges));
        }
        if (nonces != null && error.status() == 401) {
            headers.put(DPOP_NONCE_HEADER, nonces.current());
        }
        headers.put("Cache-Control", "no-store");
        return headers;
    }

    /**
     * Adds a fresh {@code DPoP-Nonce} to the answer of an accepted DPoP request when server nonces are on, so that
     * a client can move to the next nonce without a refusal first (RFC 9449 section 8.2).
     *
     * @param response the response of an accepted request
     * @param scheme the scheme the request used
     */
    public void accepted(HttpServletResponse response, Presentation.Scheme scheme) {
        if (nonces != null && scheme == Presentation.Scheme.DPOP) {
            response.setHeader(DPOP_NONCE_HEADER, nonces.current());
        }
    }

    /**
     * Writes the whole answer to a {@code Bearer} request; does nothing if the response is already committed.
     *
     * @param response the response to write to
     * @param error the error to answer
     * @throws IOException if the body cannot be written
     */
    public void write(HttpServletResponse response, BearerError error) throws IOException {
        write(response, error, Presentation.Scheme.BEARER);
    }

    /**
     * Writes the whole answer, one {@code WWW-Authenticate} header per challenge; does nothing if the response is
     * already committed.
     *
     * @param response the response to write to
     * @param error the error to answer
     * @param scheme the scheme the request used, whose challenge carries the error
     * @throws IOException if the body cannot be written
     */
    public void write(HttpServletResponse response, BearerError error, Presentation.Scheme scheme) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(error.status());
        List<String> challenges = error.status() < 500 ? challenges(error, scheme) : List.of();
        headers(error, challenges).forEach((name, value) -> {
            if (name.equals("WWW-Authenticate")) {
                response.setHeader(name, challenges.get(0));
                challenges.subList(1, challenges.size()).forEach(challenge -> response.addHeader(name, challenge));
            } else {
                response.setHeader(name, value);
            }
        });
        response.setContentType(contentType());
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = responseBody(error).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
