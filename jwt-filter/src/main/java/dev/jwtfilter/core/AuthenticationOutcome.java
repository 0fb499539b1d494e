package dev.jwtfilter.core;

import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;

/** The result of authenticating one request: no token, a verified principal, or a refusal. */
public sealed interface AuthenticationOutcome {
    /** The request carried no bearer token. */
    AuthenticationOutcome ANONYMOUS = new Anonymous();

    /** No token was sent. */
    record Anonymous() implements AuthenticationOutcome {}

    /**
     * A token was sent and verified.
     *
     * @param principal the caller
     */
    record Authenticated(JwtPrincipal principal) implements AuthenticationOutcome {}

    /**
     * A token or header was sent and refused, or could not be verified.
     *
     * @param error the answer to give
     */
    record Failed(BearerError error) implements AuthenticationOutcome {}
}
