package dev.jwtfilter.it.eeapp;

import dev.jwtfilter.principal.JwtPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Answers from Jakarta Security's SecurityContext, which the mechanism fed from the token. */
@Path("caller")
public class CallerResource {
    @Inject
    SecurityContext security;

    @GET
    @RolesAllowed("user")
    @Produces(MediaType.TEXT_PLAIN)
    public String caller() {
        return "name=" + security.getCallerPrincipal().getName()
                + " user=" + security.isCallerInRole("user")
                + " admin=" + security.isCallerInRole("admin")
                + " jwtPrincipals="
                + security.getPrincipalsByType(JwtPrincipal.class).size();
    }
}
