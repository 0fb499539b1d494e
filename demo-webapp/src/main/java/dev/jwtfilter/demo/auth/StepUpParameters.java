package dev.jwtfilter.demo.auth;

import dev.jwtfilter.demo.DemoTokens;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The step-up parameters of a login request (RFC 9470 section 4, from OpenID Connect Core section 3.1.2.1):
 * {@code max_age}, the longest time since the user's last authentication the client accepts, and {@code acr_values},
 * the authentication context classes it asks for, space-separated. The demo's one way to log in is a password
 * ({@link DemoTokens#PASSWORD_ACR}) checked at this very request, so a valid {@code max_age} is always met (the login
 * is zero seconds old), and {@code acr_values} is met when it names that class. Thread safe (stateless).
 */
final class StepUpParameters {
    /** The description of the 400 for a {@code max_age} that is not a whole number of seconds, 0 or more. */
    static final String BAD_MAX_AGE = "max_age must be a non-negative integer";
    /** The description of the 400 for {@code acr_values} of which the demo can meet none. */
    static final String UNMET_ACR = "None of the acr_values can be met; this server offers " + DemoTokens.PASSWORD_ACR;

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");

    private StepUpParameters() {}

    /**
     * @param params the login request
     * @return the description of the {@code invalid_request} the request deserves, or empty when the login can meet
     *     what it asks for (including when it asks for nothing)
     */
    static Optional<String> problem(TokenRequest params) {
        if (params.get("max_age").filter(age -> !SECONDS.matcher(age).matches()).isPresent()) {
            return Optional.of(BAD_MAX_AGE);
        }
        if (params.get("acr_values").filter(values -> !offered(values)).isPresent()) {
            return Optional.of(UNMET_ACR);
        }
        return Optional.empty();
    }

    private static boolean offered(String acrValues) {
        return Arrays.asList(acrValues.split(" ")).contains(DemoTokens.PASSWORD_ACR);
    }
}
