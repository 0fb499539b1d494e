package dev.jwtfilter.demo.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the demo's JSON answers; every error is {@code {"error":..,"error_description":..}}, never a stack trace. */
public final class Json {
    private Json() {}

    /** Writes a JSON object with {@code Cache-Control: no-store} (RFC 6749 section 5.1). */
    public static void write(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Writes an error object. */
    public static void error(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        write(response, status, error(error, description));
    }

    /** @return an error object */
    public static Map<String, Object> error(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }

    /** @return the object as JSON text */
    public static String text(Map<String, ?> body) {
        return JSONObjectUtils.toJSONString(body);
    }
}
