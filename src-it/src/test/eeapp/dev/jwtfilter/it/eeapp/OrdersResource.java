package dev.jwtfilter.it.eeapp;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Issue 14's exposed shape under the mechanism: a public health check (its own constraint in web.xml, without
 * an auth-constraint) beside a catch-all protected only by the /api/* constraint, with no @RolesAllowed.
 */
@Path("/")
public class OrdersResource {
    @GET
    @Path("health")
    @Produces(MediaType.TEXT_PLAIN)
    public String health() {
        return "healthy";
    }

    @GET
    @Path("orders/{id}/{rest: .*}")
    @Produces(MediaType.TEXT_PLAIN)
    public String order(@PathParam("id") String id) {
        return "order-resource-ran id=" + id;
    }
}
