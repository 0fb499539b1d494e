package dev.jwtfilter.demo.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses request bodies declared larger than 16 KiB with 413 before anything reads them; bodies sent
 * without a length are bounded where they are read.
 */
public final class BodyLimitFilter implements Filter {
    /** Largest declared body accepted anywhere in the demo. */
    public static final long MAX_BYTES = 16 * 1024;
    /** Bodies up to this size are drained before the 413; larger ones are not read at all. */
    static final long DRAIN_BYTES = 256 * 1024;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long length = request.getContentLengthLong();
        if (length > MAX_BYTES) {
            if (length <= DRAIN_BYTES) {
                // Read and drop a moderately large body first: answering while the client still writes makes
                // many clients see a broken pipe instead of the 413.
                request.getInputStream().skipNBytes(length);
            } else {
                // Not read: the container closes the connection afterwards; say so (RFC 9110 section 9.6), or a
                // client that reuses it sends its next request into a closed connection.
                ((HttpServletResponse) response).setHeader("Connection", "close");
            }
            Json.error((HttpServletResponse) response, 413, "invalid_request", "Request body too large");
            return;
        }
        chain.doFilter(request, response);
    }
}
