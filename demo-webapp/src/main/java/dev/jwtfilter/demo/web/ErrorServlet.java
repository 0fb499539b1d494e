package dev.jwtfilter.demo.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The container's error page: every error it raises becomes a small JSON object, never a stack trace. */
public final class ErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 500;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Unhandled failure on " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    failure);
        }
        response.resetBuffer();
        switch (status) {
            case 404 -> Json.error(response, 404, "not_found", "No such resource");
            case 405 -> Json.error(response, 405, "method_not_allowed", "Method not allowed");
            case 413 -> Json.error(response, 413, "invalid_request", "Request body too large");
            case 400 -> Json.error(response, 400, "invalid_request", "Bad request");
            default ->
                Json.error(
                        response,
                        status >= 500 ? status : 500,
                        "server_error",
                        "The server could not handle the request");
        }
    }
}
