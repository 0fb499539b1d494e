package dev.jwtfilter.web.app;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;

/** Servlets and a Jersey resource that the real-Jetty filter test deploys. */
public final class TestServlets {
    private TestServlets() {}

    static void write(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(text);
    }

    /** Echoes the security context the filter made. */
    public static class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            write(
                    resp,
                    req.getUserPrincipal() == null
                            ? "anonymous"
                            : req.getUserPrincipal().getClass().getSimpleName() + ":"
                                    + req.getUserPrincipal().getName()
                                    + " remote=" + req.getRemoteUser() + " auth=" + req.getAuthType()
                                    + " admin=" + req.isUserInRole("admin") + " user=" + req.isUserInRole("user"));
        }
    }

    /** Admins only, by class annotation. */
    @RolesAllowed("admin")
    public static class Admin extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            write(resp, "admin area");
        }
    }

    /** Users by class annotation; GET open to all, DELETE to none, POST as the class says. */
    @RolesAllowed("user")
    public static class Mixed extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        @PermitAll
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            write(
                    resp,
                    "open:"
                            + (req.getUserPrincipal() == null
                                    ? "anonymous"
                                    : req.getUserPrincipal().getName()));
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            write(resp, "posted");
        }

        @Override
        @DenyAll
        protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            write(resp, "deleted");
        }
    }

    /** Stands for the login route, which must stay reachable without a token. */
    public static class Login extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            write(resp, "login page");
        }
    }

    /** A Jersey resource guarded by {@code RolesAllowedDynamicFeature}. */
    @Path("orders")
    public static class Orders {
        @GET
        @RolesAllowed("admin")
        public String list(@Context SecurityContext security) {
            return "orders for " + security.getUserPrincipal().getName() + " admin=" + security.isUserInRole("admin");
        }

        @GET
        @Path("mine")
        @RolesAllowed({"user", "admin"})
        public String mine(@Context SecurityContext security) {
            return "mine:" + security.getUserPrincipal().getName();
        }
    }
}
