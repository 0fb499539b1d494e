package dev.jwtfilter.issue;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an access token should say about its caller.
 *
 * @param subject the stable user id for {@code sub}
 * @param name the principal name for the name claim ({@code upn} by default); {@code null} uses the subject
 * @param groups the roles for the roles claim ({@code groups} by default)
 * @param extraClaims further claims; they may not replace registered or mapped claims
 */
public record AccessTokenRequest(String subject, String name, Set<String> groups, Map<String, Object> extraClaims) {

    /** Validates and copies the components. */
    public AccessTokenRequest {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject is required");
        }
        name = name == null ? subject : name;
        groups = Set.copyOf(Objects.requireNonNull(groups, "groups"));
        extraClaims = Map.copyOf(Objects.requireNonNull(extraClaims, "extraClaims"));
    }

    /** @return a request with a name and groups and no extra claims */
    public static AccessTokenRequest of(String subject, String name, Set<String> groups) {
        return new AccessTokenRequest(subject, name, groups, Map.of());
    }
}
