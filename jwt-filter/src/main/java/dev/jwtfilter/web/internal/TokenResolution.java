package dev.jwtfilter.web.internal;

import dev.jwtfilter.core.Presentation;
import dev.jwtfilter.error.BearerError;

/** What {@link BearerTokenResolver} found in a request: no token, one token, or a malformed request. */
sealed interface TokenResolution {
    /** The request carries no bearer token (it may carry another scheme's credentials). */
    TokenResolution ABSENT = new Absent();

    /** No bearer token. */
    record Absent() implements TokenResolution {}

    /**
     * Exactly one syntactically valid token.
     *
     * @param token the token, without the scheme
     * @param scheme {@code DPoP} for {@code Authorization: DPoP}, else {@code Bearer}
     */
    record Found(String token, Presentation.Scheme scheme) implements TokenResolution {
        Found(String token) {
            this(token, Presentation.Scheme.BEARER);
        }

        @Override
        public String toString() {
            return "Found[token hidden]";
        }
    }

    /**
     * A request that must be refused before any verification.
     *
     * @param error the answer
     * @param scheme the scheme the refused header named, whose challenge carries the error
     */
    record Refused(BearerError error, Presentation.Scheme scheme) implements TokenResolution {
        Refused(BearerError error) {
            this(error, Presentation.Scheme.BEARER);
        }
    }
}
