package dev.jwtfilter.config;

/**
 * What the filter does with requests that carry no token on paths that are neither public nor annotated.
 */
public enum AuthenticationMode {
    /** A valid token is required; requests without one get 401 (the default). */
    REQUIRED,
    /** A token is verified when present; requests without one pass anonymously. A bad token is still 401. */
    OPTIONAL
}
