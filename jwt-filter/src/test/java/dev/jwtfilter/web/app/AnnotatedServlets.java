package dev.jwtfilter.web.app;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Servlet classes whose annotations test the scoping rules of Jakarta Annotations 2.1 section 2.1. */
@SuppressWarnings("serial")
public final class AnnotatedServlets {
    private AnnotatedServlets() {}

    /** Stands for a class of an optional library that a deployment may not ship. */
    public static class OptionalDependency {}

    /** Admin-only, with a helper whose signature names the optional class. */
    @RolesAllowed("admin")
    public static class AdminExport extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {}

        void exportWith(OptionalDependency dependency) {}
    }

    /** Handles PATCH itself, as Servlet 6.1's HttpServlet and any overriding service() do. */
    public static class Patchable extends HttpServlet {
        @RolesAllowed("admin")
        protected void doPatch(HttpServletRequest req, HttpServletResponse resp) {}
    }

    /** Helpers that share a handler's name and arity must not hide the real handler. */
    public static class Overloaded extends HttpServlet {
        void doGet(String what, int times) {}

        @Override
        @RolesAllowed("admin")
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {}
    }

    /** A permissive base class... */
    @PermitAll
    public abstract static class OpenBase extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {}
    }

    /** ...whose class annotation does not reach a handler its subclass declares. */
    public static class Reports extends OpenBase {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {}
    }

    /** An admin-only base class... */
    @RolesAllowed("admin")
    public abstract static class AdminBase extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {}
    }

    /** ...whose inherited handler a permissive subclass annotation does not open. */
    @PermitAll
    public static class OpenedAdmin extends AdminBase {}
}
