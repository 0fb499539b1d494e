package dev.jwtfilter.demo.api;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.Presentation;
import dev.jwtfilter.demo.JwtFilterState;
import dev.jwtfilter.demo.web.Json;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.verify.VerifiedJwt;
import dev.jwtfilter.web.ChallengeWriter;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Locale;

/** Turns Jersey's exceptions into the demo's JSON errors; a role refusal into RFC 6750's 403. */
public final class ErrorMappers {
    private ErrorMappers() {}

    /**
     * 403 from {@code @RolesAllowed}: the library's own refusal for a missing role (status, challenge headers and
     * body from {@link ChallengeWriter}, the filter's writer), reported to the filter's auth event listener as
     * {@code insufficient_role}, as the filter does for servlets. A request that came with {@code Authorization:
     * DPoP} is answered with the challenges the filter gives DPoP requests, the error on the {@code DPoP} one
     * (RFC 9449 section 7.1); a bearer request with the {@code Bearer} challenge, as the demo always answered it.
     * The body follows {@code jwt.problem-details} as the filter's refusals do. Jersey does not say which roles
     * would have been enough, so this 403 names no {@code scope} (the filter's own role checks do, when roles come
     * from a scope claim).
     */
    public static final class Forbidden implements ExceptionMapper<ForbiddenException> {
        private static final BearerError REFUSAL = BearerError.INSUFFICIENT_ROLE;
        private final JwtFilterState filter;

        @Context
        private SecurityContext security;

        @Context
        private HttpHeaders headers;

        /** @param filter what the JWT filter publishes: its configuration (realm, clock) and event listener */
        public Forbidden(JwtFilterState filter) {
            this.filter = filter;
        }

        @Override
        public Response toResponse(ForbiddenException exception) {
            JwtConfig config = filter.config();
            report(config);
            Response.ResponseBuilder answer = Response.status(REFUSAL.status());
            if (sentWithDPoP()) {
                ChallengeWriter.of(config)
                        .challenges(REFUSAL, Presentation.Scheme.DPOP)
                        .forEach(challenge -> answer.header("WWW-Authenticate", challenge));
                answer.header("Cache-Control", "no-store");
            } else {
                new ChallengeWriter(config.realm()).headers(REFUSAL).forEach(answer::header);
            }
            ChallengeWriter writer = ChallengeWriter.of(config);
            return answer.type(writer.contentType())
                    .entity(writer.responseBody(REFUSAL))
                    .build();
        }

        /** The filter let the request through, so a {@code DPoP} scheme here came with a proof it accepted. */
        private boolean sentWithDPoP() {
            String authorization = headers == null ? null : headers.getHeaderString(HttpHeaders.AUTHORIZATION);
            return authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5);
        }

        private void report(JwtConfig config) {
            VerifiedJwt jwt = security.getUserPrincipal() instanceof JwtPrincipal principal ? principal.getJwt() : null;
            filter.events()
                    .onEvent(new AuthEvent(
                            AuthEventReason.INSUFFICIENT_ROLE,
                            config.clock().instant(),
                            jwt == null ? null : jwt.issuer().orElse(null),
                            jwt == null ? null : jwt.subject().orElse(null)));
        }
    }

    /** Any other Jakarta REST status (404, 405, 406, 415...): a JSON error of the same status. */
    public static final class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException exception) {
            Response.StatusType status = exception.getResponse().getStatusInfo();
            String code = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
            return Response.status(status.getStatusCode())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.text(Json.error(code, status.getReasonPhrase())))
                    .build();
        }
    }

    /** Anything unexpected: logged here, 500 with no detail for the client. */
    public static final class Unexpected implements ExceptionMapper<RuntimeException> {
        private static final System.Logger LOG = System.getLogger(Unexpected.class.getName());

        @Override
        public Response toResponse(RuntimeException exception) {
            if (exception instanceof WebApplicationException web) {
                return new WebApplication().toResponse(web);
            }
            LOG.log(System.Logger.Level.ERROR, "Unhandled failure in a REST resource", exception);
            return Response.status(500)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.text(Json.error("server_error", "The server could not handle the request")))
                    .build();
        }
    }
}
