package dev.jwtfilter.it.app;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Any authenticated caller (the filter's default mode), and {@code /health}, a public path. */
@WebServlet({"/hello", "/health"})
public class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter()
                .write(
                        request.getUserPrincipal() == null
                                ? "hello anonymous"
                                : "hello " + request.getRemoteUser() + " user=" + request.isUserInRole("user"));
    }
}
