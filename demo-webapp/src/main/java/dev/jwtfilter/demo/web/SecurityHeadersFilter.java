package dev.jwtfilter.demo.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Adds the browser hardening headers to every answer, the demo page's first: a Content-Security-Policy
 * that allows only this origin's own script, style, images and connections (no inline code, no plug-ins,
 * no framing, no foreign form targets), {@code X-Content-Type-Options: nosniff} and
 * {@code Referrer-Policy: no-referrer}. The page keeps all of its JavaScript and CSS in files for this.
 */
public final class SecurityHeadersFilter implements Filter {
    /** The policy: everything from this origin only, nothing inline. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /**
     * The policy of Swagger UI under {@code /docs}: the same, except that Swagger UI's script draws some icons as
     * {@code data:} images (the one violation Chromium reports without it). Still no inline script or style: the page's
     * initializer is a file of its own, and Swagger UI sets its inline styles through the CSSOM, which CSP allows.
     */
    public static final String DOCS_CONTENT_SECURITY_POLICY =
            CONTENT_SECURITY_POLICY.replace("img-src 'self';", "img-src 'self' data:;");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("Content-Security-Policy", policy((HttpServletRequest) request));
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }

    /** By the decoded path the container maps, never the raw URI, so no spelling of {@code /docs} elsewhere. */
    private static String policy(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/docs") || path.startsWith("/docs/")
                ? DOCS_CONTENT_SECURITY_POLICY
                : CONTENT_SECURITY_POLICY;
    }
}
