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
 * @param clientId the OAuth client the token is issued to, for {@code client_id} (RFC 9068 section 2.2);
 *                 {@code null} leaves the claim out, and the token then fails {@code jwt.profile=rfc9068}
 */
public record AccessTokenRequest(
        String subject, String name, Set<String> groups, Map<String, Object> extraClaims, String clientId) {

    /**
     * Validates and copies the components.
     *
     * @param subject the stable user id for {@code sub}; required
     * @param name the principal name for the name claim; {@code null} uses the subject
     * @param groups the roles for the roles claim
     * @param extraClaims further claims; they may not replace registered or mapped claims
     * @param clientId the OAuth client for {@code client_id}, or {@code null} to leave the claim out
     */
    public AccessTokenRequest {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject is required");
        }
        if (clientId != null && clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        name = name == null ? subject : name;
        groups = Set.copyOf(Objects.requireNonNull(groups, "groups"));
        extraClaims = Map.copyOf(Objects.requireNonNull(extraClaims, "extraClaims"));
    }

    /**
     * A request without a client id, as before {@code clientId} existed.
     *
     * @param subject the stable user id for {@code sub}; required
     * @param name the principal name for the name claim; {@code null} uses the subject
     * @param groups the roles for the roles claim
     * @param extraClaims further claims; they may not replace registered or mapped claims
     */
    public AccessTokenRequest(String subject, String name, Set<String> groups, Map<String, Object> extraClaims) {
        this(subject, name, groups, extraClaims, null);
    }

    /**
     * @param subject the stable user id for {@code sub}; required
     * @param name the principal name for the name claim; {@code null} uses the subject
     * @param groups the roles for the roles claim
     * @return a request with a name and groups and no extra claims
     */
    public static AccessTokenRequest of(String subject, String name, Set<String> groups) {
        return new AccessTokenRequest(subject, name, groups, Map.of());
    }

    /**
     * @param id the OAuth client id
     * @return the same request for the OAuth client {@code id}, which becomes the token's {@code client_id}
     */
    public AccessTokenRequest withClientId(String id) {
        return new AccessTokenRequest(subject, name, groups, extraClaims, Objects.requireNonNull(id, "id"));
    }
}
