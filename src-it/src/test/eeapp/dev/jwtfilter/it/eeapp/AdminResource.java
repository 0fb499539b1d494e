package dev.jwtfilter.it.eeapp;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admins only. */
@Path("admin")
@RolesAllowed("admin")
public class AdminResource {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String admin() {
        return "admin area";
    }
}
