package dev.jwtfilter.issue;

import dev.jwtfilter.internal.Thumbprints;
import java.time.Instant;
import java.util.HashMap;
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
 * @param dpopThumbprint the RFC 7638 SHA-256 thumbprint (base64url, 43 characters) of the client's DPoP key, which
 *                 the token is bound to as {@code cnf: {"jkt": ...}} (RFC 9449 section 6.1); {@code null} issues a
 *                 plain bearer token
 */
public record AccessTokenRequest(
        String subject,
        String name,
        Set<String> groups,
        Map<String, Object> extraClaims,
        String clientId,
        String dpopThumbprint) {

    /**
     * Validates and copies the components.
     *
     * @param subject the stable user id for {@code sub}; required
     * @param name the principal name for the name claim; {@code null} uses the subject
     * @param groups the roles for the roles claim
     * @param extraClaims further claims; they may not replace registered or mapped claims
     * @param clientId the OAuth client for {@code client_id}, or {@code null} to leave the claim out
     * @param dpopThumbprint the DPoP key's RFC 7638 SHA-256 thumbprint for {@code cnf.jkt}, or {@code null} for a
     *     bearer token
     */
    public AccessTokenRequest {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject is required");
        }
        if (clientId != null && clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be blank");
        }
        if (dpopThumbprint != null && !Thumbprints.isSha256(dpopThumbprint)) {
            throw new IllegalArgumentException("dpopThumbprint must be a base64url SHA-256 thumbprint (43 characters)");
        }
        name = name == null ? subject : name;
        groups = Set.copyOf(Objects.requireNonNull(groups, "groups"));
        extraClaims = Map.copyOf(Objects.requireNonNull(extraClaims, "extraClaims"));
    }

    /**
     * A request without a DPoP binding, as before {@code dpopThumbprint} existed.
     *
     * @param subject the stable user id for {@code sub}; required
     * @param name the principal name for the name claim; {@code null} uses the subject
     * @param groups the roles for the roles claim
     * @param extraClaims further claims; they may not replace registered or mapped claims
     * @param clientId the OAuth client for {@code client_id}, or {@code null} to leave the claim out
     */
    public AccessTokenRequest(
            String subject, String name, Set<String> groups, Map<String, Object> extraClaims, String clientId) {
        this(subject, name, groups, extraClaims, clientId, null);
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
        return new AccessTokenRequest(
                subject, name, groups, extraClaims, Objects.requireNonNull(id, "id"), dpopThumbprint);
    }

    /**
     * Says how and when the user authenticated (RFC 9470 section 3, OpenID Connect Core section 2): the token then
     * carries {@code auth_time} (a NumericDate, whole seconds since the epoch) and, when given, {@code acr}, which a
     * resource's step-up check reads. On a refresh pass the login's values, never the time of the refresh.
     *
     * @param authTime when the user authenticated
     * @param acr the authentication context class reference the login met, or {@code null} to leave {@code acr} out
     * @return the same request with these two claims among its extra claims, replacing any earlier ones
     */
    public AccessTokenRequest withAuthentication(Instant authTime, String acr) {
        Map<String, Object> claims = new HashMap<>(extraClaims);
        claims.put("auth_time", Objects.requireNonNull(authTime, "authTime").getEpochSecond());
        claims.remove("acr");
        if (acr != null) {
            claims.put("acr", acr);
        }
        return new AccessTokenRequest(subject, name, groups, claims, clientId, dpopThumbprint);
    }

    /**
     * Binds the token to a DPoP key (RFC 9449 section 6.1): it then carries {@code cnf: {"jkt": thumbprint}}, and a
     * resource server accepts it only with a proof signed by that key. Take the thumbprint from a verified proof
     * ({@code VerifiedDPoPProof.thumbprint()}), never from a client's word.
     *
     * @param thumbprint the RFC 7638 SHA-256 thumbprint of the proof's key, base64url without padding
     * @return the same request, bound to that key
     */
    public AccessTokenRequest withDPoPThumbprint(String thumbprint) {
        return new AccessTokenRequest(
                subject, name, groups, extraClaims, clientId, Objects.requireNonNull(thumbprint, "thumbprint"));
    }
}
