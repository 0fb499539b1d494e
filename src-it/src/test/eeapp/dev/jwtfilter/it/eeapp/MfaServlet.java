package dev.jwtfilter.it.eeapp;

import dev.jwtfilter.core.StepUp;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet the container does not protect, whose @StepUp the mechanism enforces. */
@WebServlet("/mfa")
@StepUp(acr = "mfa")
public class MfaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write("mfa:" + request.getRemoteUser());
    }
}
