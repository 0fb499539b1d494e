package dev.jwtfilter.demo.web;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The application's root ({@code ""} in {@code web.xml}): redirects to the demo page under {@code /app/}, the one
 * public prefix of the page's files. {@code @PermitAll}, which the JWT filter reads, lets it answer without a
 * token although {@code /} is not a public path.
 */
@PermitAll
public final class PageRedirectServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(request.getContextPath() + "/app/");
    }
}
