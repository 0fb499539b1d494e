package dev.jwtfilter.it.eeapp;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet the container itself protects through @ServletSecurity. */
@WebServlet("/secure")
@ServletSecurity(@HttpConstraint(rolesAllowed = "admin"))
public class SecureServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter()
                .write("secure:" + request.getRemoteUser() + " session=" + (request.getSession(false) != null));
    }
}
