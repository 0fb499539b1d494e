package dev.jwtfilter.demo.auth;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.demo.web.BodyLimitFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of an auth request: {@code application/json} (an object of strings) or
 * {@code application/x-www-form-urlencoded} (RFC 6749 section 4.3.2 and 6), at most {@link #MAX_BYTES}
 * bytes. Never echoes the body. Thread safe.
 */
final class TokenRequestReader {
    /** The parameters a JSON body may also give as a number: kept as their decimal text, checked where read. */
    private static final Set<String> NUMERIC = Set.of("max_age");

    /** Largest accepted body. */
    static final int MAX_BYTES = 8 * 1024;

    /** Why a body was refused. */
    enum Problem {
        /** Neither JSON nor a form: 415. */
        UNSUPPORTED_MEDIA_TYPE,
        /** Over {@link #MAX_BYTES}: 413. */
        TOO_LARGE,
        /** Not parseable: 400 invalid_request. */
        MALFORMED
    }

    /** A refusal while reading. */
    static final class BodyException extends Exception {
        private static final long serialVersionUID = 1L;
        final Problem problem;
        /** Whether part of the body is still unread: the answer then closes the connection and says so. */
        final boolean bodyLeft;

        BodyException(Problem problem) {
            this(problem, false);
        }

        BodyException(Problem problem, boolean bodyLeft) {
            super(problem.name(), null, false, false);
            this.problem = problem;
            this.bodyLeft = bodyLeft;
        }
    }

    private TokenRequestReader() {}

    static TokenRequest read(HttpServletRequest request) throws IOException, BodyException {
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean json = type.startsWith("application/json");
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        if (!json && !form) {
            throw new BodyException(Problem.UNSUPPORTED_MEDIA_TYPE, !drained(request));
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw new BodyException(Problem.TOO_LARGE, !drained(request));
        }
        String body = readBounded(request.getInputStream());
        return new TokenRequest(json ? parseJson(body) : parseForm(body), form);
    }

    /**
     * Reads and drops a refused body of at most {@link BodyLimitFilter#MAX_BYTES} (larger ones never get here
     * with a length), so that the connection stays usable: a container closes a connection whose body the
     * application left unread, without telling a client that reuses it. False when some of it is left.
     */
    private static boolean drained(HttpServletRequest request) throws IOException {
        int limit = (int) BodyLimitFilter.MAX_BYTES;
        return request.getContentLengthLong() <= limit
                && request.getInputStream().readNBytes(limit + 1).length <= limit;
    }

    private static String readBounded(InputStream in) throws IOException, BodyException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new BodyException(Problem.TOO_LARGE, true);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, String> parseJson(String body) throws BodyException {
        Map<String, Object> object;
        try {
            object = JSONObjectUtils.parse(body);
        } catch (ParseException | RuntimeException e) {
            throw new BodyException(Problem.MALFORMED);
        }
        if (object == null) {
            throw new BodyException(Problem.MALFORMED); // the body "null" parses to no object at all
        }
        Map<String, String> params = new HashMap<>();
        object.forEach((key, value) -> {
            if (value instanceof String text) {
                params.put(key, text);
            } else if (value instanceof Number number && NUMERIC.contains(key)) {
                params.put(key, number.toString()); // {"max_age": 0} as well as {"max_age": "0"}
            }
        });
        return params;
    }

    private static Map<String, String> parseForm(String body) throws BodyException {
        Map<String, String> params = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (params.putIfAbsent(key, value) != null) {
                    throw new BodyException(Problem.MALFORMED); // RFC 6749 section 3.2: no repeated parameters
                }
            } catch (IllegalArgumentException e) {
                throw new BodyException(Problem.MALFORMED);
            }
        }
        return params;
    }
}
