package dev.jwtfilter.web.app;

import dev.jwtfilter.core.StepUp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;

/** Servlets and a Jakarta REST resource carrying {@link StepUp}, for the step-up tests of the filter and the feature. */
@SuppressWarnings("serial")
public final class StepUpApp {
    private StepUpApp() {}

    private static void ok(HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write("ok");
    }

    /** Needs a multi-factor login, by class annotation. */
    @StepUp(acr = {"mfa", "hwk"})
    public static class Mfa extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ok(resp);
        }
    }

    /** The class needs a multi-factor login; GET, by its own annotation, a login within 5 minutes instead. */
    @StepUp(acr = "mfa")
    public static class FreshGet extends HttpServlet {
        @Override
        @StepUp(maxAgeSeconds = 300)
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ok(resp);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ok(resp);
        }
    }

    /** Admins within 5 minutes of their login. */
    @RolesAllowed("admin")
    @StepUp(maxAgeSeconds = 300)
    public static class FreshAdmin extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ok(resp);
        }
    }

    /** An annotation that requires nothing: a mistake, refused to everyone. */
    @StepUp
    public static class Unusable extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ok(resp);
        }
    }

    /** Jakarta REST: the class needs a multi-factor login, {@code fresh} a login within 5 minutes instead. */
    @Path("stepup")
    @StepUp(acr = "mfa")
    public static class Resource {
        @GET
        public String mfa() {
            return "ok";
        }

        @GET
        @Path("fresh")
        @StepUp(maxAgeSeconds = 300)
        public String fresh() {
            return "ok";
        }

        @GET
        @Path("admin")
        @RolesAllowed("admin")
        public String admin() {
            return "ok";
        }

        @POST
        @Path("unusable")
        @StepUp(maxAgeSeconds = -5)
        public String unusable() {
            return "ok";
        }
    }

    /** Jakarta REST without any step-up. */
    @Path("plain")
    public static class Plain {
        @GET
        public String get() {
            return "ok";
        }
    }

    /** Jakarta REST without an annotation, for a {@code jwt.step-up} path entry. */
    @Path("by-path")
    public static class ByPath {
        @GET
        public String get() {
            return "ok";
        }
    }

    /** A resource base class that needs a multi-factor login; its subclasses are the resources. */
    @StepUp(acr = "mfa")
    public abstract static class StrongBase {
        @GET
        public String get() {
            return "ok";
        }
    }

    /** Jakarta REST: inherits its resource method and its step-up from {@link StrongBase}. */
    @Path("inherited")
    public static class Inherited extends StrongBase {}

    /** A Jakarta REST interface whose method says the resource and its step-up. */
    public interface FreshApi {
        @GET
        @StepUp(acr = "mfa")
        String get();
    }

    /** Jakarta REST: implements {@link FreshApi}, whose method annotations it inherits (Jakarta REST section 3.6). */
    @Path("implemented")
    public static class Implemented implements FreshApi {
        @Override
        public String get() {
            return "ok";
        }
    }

    /** A Jakarta REST interface whose method says the resource. */
    public interface PlainApi {
        @GET
        String get();
    }

    /** Jakarta REST: implements {@link PlainApi}, with the step-up on its own method. */
    @Path("implementation-annotated")
    public static class ImplementationAnnotated implements PlainApi {
        @Override
        @StepUp(acr = "mfa")
        public String get() {
            return "ok";
        }
    }

    /** Jakarta REST: the class needs a multi-factor login; its locator hands out a sub-resource. */
    @Path("locator")
    @StepUp(acr = "mfa")
    public static class Locator {
        @Path("sub")
        public Sub sub() {
            return new Sub();
        }
    }

    /** A sub-resource without an annotation of its own. */
    public static class Sub {
        @GET
        public String get() {
            return "ok";
        }
    }
}
