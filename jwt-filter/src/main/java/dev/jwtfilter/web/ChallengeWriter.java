package dev.jwtfilter.web;

import dev.jwtfilter.error.BearerError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that answers a refused request: the status, the {@code WWW-Authenticate: Bearer}
 * challenge of RFC 6750 section 3 (with {@code error} and {@code error_description} when there is an
 * error code), {@code Cache-Control: no-store}, {@code Retry-After} on 503, and a small JSON body
 * {@code {"error":..,"error_description":..}}. Descriptions are our fixed phrases, never exception
 * messages. Thread safe.
 */
public final class ChallengeWriter {
    /** Seconds a client is asked to wait when keys are unavailable. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private final String realm;

    /** @param realm the realm, already validated to need no escaping */
    public ChallengeWriter(String realm) {
        this.realm = realm;
    }

    /**
     * @param error the error to answer
     * @return the {@code WWW-Authenticate} value for an error
     */
    public String challenge(BearerError error) {
        StringBuilder header =
                new StringBuilder("Bearer realm=\"").append(realm).append('"');
        if (error.code() != null) {
            header.append(", error=\"")
                    .append(error.code().wireValue())
                    .append("\", error_description=\"")
                    .append(error.description())
                    .append('"');
        }
        return header.toString();
    }

    /**
     * @param error the error to answer
     * @return the JSON body for an error
     */
    public static String body(BearerError error) {
        return "{\"error\":\"" + error.bodyError() + "\",\"error_description\":\"" + error.description() + "\"}";
    }

    /**
     * The headers of the answer to an error, in the order {@link #write} sets them: the challenge (or
     * {@code Retry-After} on 503), then {@code Cache-Control: no-store}. For code that builds its own response
     * around {@link #body}, such as a Jakarta REST exception mapper; the body's type is {@code application/json}.
     *
     * @param error the error to answer
     * @return a new, ordered map of header names to values
     */
    public Map<String, String> headers(BearerError error) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (error.status() == 503) {
            headers.put("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        } else if (error.status() < 500) {
            headers.put("WWW-Authenticate", challenge(error));
        }
        headers.put("Cache-Control", "no-store");
        return headers;
    }

    /**
     * Writes the whole answer; does nothing if the response is already committed.
     *
     * @param response the response to write to
     * @param error the error to answer
     * @throws IOException if the body cannot be written
     */
    public void write(HttpServletResponse response, BearerError error) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(error.status());
        headers(error).forEach(response::setHeader);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = body(error).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
