package dev.jwtfilter.refresh;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The user authentication a refresh-token family started with (RFC 9470 section 3): when the user logged in
 * ({@code auth_time}) and how ({@code acr}). A family keeps it for its whole life and every rotation hands it back,
 * so that the access tokens issued on refresh carry the login's {@code auth_time} and {@code acr}, never the time of
 * the refresh: a refresh does not authenticate the user again, and must not pass a step-up check as if it had.
 *
 * @param time when the user authenticated, to the second (the {@code auth_time} claim is a NumericDate)
 * @param acr the authentication context class reference of that login, or {@code null} for none
 */
public record UserAuthentication(Instant time, String acr) {
    /** The longest {@code acr} kept, the width of its database column. */
    public static final int MAX_ACR_LENGTH = 255;

    /**
     * Truncates the time to whole seconds and checks the {@code acr}.
     *
     * @param time when the user authenticated; required
     * @param acr the authentication context class reference, or {@code null}; not blank, at most
     *     {@value #MAX_ACR_LENGTH} characters
     * @throws IllegalArgumentException if {@code acr} is blank or too long
     */
    public UserAuthentication {
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.SECONDS);
        if (acr != null && (acr.isBlank() || acr.length() > MAX_ACR_LENGTH)) {
            throw new IllegalArgumentException("acr must be non-blank and at most " + MAX_ACR_LENGTH + " characters");
        }
    }
}
