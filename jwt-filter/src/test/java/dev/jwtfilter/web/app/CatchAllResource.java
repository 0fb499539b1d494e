package dev.jwtfilter.web.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Issue 14's exposed shape: a public health check beside a catch-all route without {@code @RolesAllowed}
 * that relies on {@code jwt.mode=required}. Jersey routes on the raw URI, so a dot segment that the
 * container resolves to the public {@code /api/health} still reaches {@link #order}.
 */
@Path("/")
public class CatchAllResource {
    /** What {@link #order} answers, so that a test can tell that the protected resource ran. */
    public static final String ORDER_MARKER = "order-resource-ran";

    /** The public health check. */
    @GET
    @Path("health")
    public String health() {
        return "healthy";
    }

    /** A public page of a public tree ({@code /api/public/*}). */
    @GET
    @Path("public/{page: .*}")
    public String publicPage() {
        return "public-page";
    }

    /** A protected template beside the literal {@code public} and {@code health}: any two segments or more. */
    @GET
    @Path("{tenant}/{rest: .*}")
    public String tenant(@PathParam("tenant") String tenant) {
        return ORDER_MARKER + " tenant=" + tenant;
    }

    /** The protected catch-all: any path under {@code orders/{id}/}. */
    @GET
    @Path("orders/{id}/{rest: .*}")
    public String order(@PathParam("id") String id, @PathParam("rest") String rest) {
        return ORDER_MARKER + " id=" + id;
    }
}
