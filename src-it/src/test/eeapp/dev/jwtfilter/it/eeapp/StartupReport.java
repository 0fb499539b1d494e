package dev.jwtfilter.it.eeapp;

import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Reports which of the filter's context attributes were already set when the application started (this servlet
 * is loaded on start-up, before any request), so a test can tell a mechanism started with the application from
 * one started lazily by the first request.
 */
@WebServlet(urlPatterns = "/startup", loadOnStartup = 1)
public class StartupReport extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private String report;

    @Override
    public void init() {
        ServletContext context = getServletContext();
        report = "config=" + (context.getAttribute(JwtAuthenticationFilter.CONFIG_ATTRIBUTE) != null)
                + " counters=" + (context.getAttribute(JwtAuthenticationFilter.EVENT_COUNTERS_ATTRIBUTE) != null)
                + " listener=" + (context.getAttribute(JwtAuthenticationFilter.EVENT_LISTENER_ATTRIBUTE) != null);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(report);
    }
}
