package dev.jwtfilter.demo.web;

import dev.jwtfilter.issue.SigningKeySet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /.well-known/jwks.json}: the public signing keys, active and retiring (RFC 7517 section 5);
 * an empty set in HS256 mode, since a shared secret is never published. Made by {@code DemoBootstrap}; never
 * serialized: its keys are transient.
 */
public final class JwksServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SigningKeySet keys;

    /** @param keys the signing keys, whose public part is published */
    public JwksServlet(SigningKeySet keys) {
        this.keys = keys;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = keys.publicJwkSet().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/jwk-set+json");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
