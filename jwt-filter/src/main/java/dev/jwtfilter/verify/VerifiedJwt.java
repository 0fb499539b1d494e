package dev.jwtfilter.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A token whose signature, header and claims have been verified. Claims are exposed as JSON values
 * (strings, numbers, booleans, lists and maps; time claims as epoch seconds), deeply unmodifiable.
 * Holds no token string, so it cannot leak one. Immutable and thread safe.
 */
public final class VerifiedJwt {
    private final Map<String, Object> claims;
    private final String algorithm;
    private final String keyId;
    private final Validity validity;

    /**
     * A token verified by a verifier of your own, without a time window: the authentication core then computes
     * it from the claims with the skew and maximum age of the token's trusted issuer before remembering it.
     *
     * @param claims the verified claims as JSON values
     * @param algorithm the {@code alg} that verified the token
     * @param keyId the {@code kid} header, or {@code null}
     */
    public VerifiedJwt(Map<String, Object> claims, String algorithm, String keyId) {
        this.claims = immutableMap(claims);
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.validity = null;
    }

    /**
     * @param claims the verified claims as JSON values
     * @param algorithm the {@code alg} that verified the token
     * @param keyId the {@code kid} header, or {@code null}
     * @param validity the time window verification checked, checked again on every cache hit
     */
    public VerifiedJwt(Map<String, Object> claims, String algorithm, String keyId, Validity validity) {
        this.claims = immutableMap(claims);
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.validity = java.util.Objects.requireNonNull(validity, "validity");
    }

    private VerifiedJwt(Map<String, Object> sealed, String algorithm, String keyId, Validity validity, Void owned) {
        this.claims = sealed;
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.validity = validity;
    }

    /**
     * A token verified here, whose claims map was made for it alone ({@code JWTClaimsSet.toJSONObject()}, which
     * nothing else holds): the map is sealed where it is rather than copied; nested lists and maps are copied as
     * the public constructors copy them, since the parsed claims set shares those.
     */
    static VerifiedJwt ofFresh(Map<String, Object> fresh, String algorithm, String keyId, Validity validity) {
        fresh.replaceAll((name, value) -> immutable(value));
        return new VerifiedJwt(
                Collections.unmodifiableMap(fresh),
                algorithm,
                keyId,
                java.util.Objects.requireNonNull(validity, "validity"),
                null);
    }

    /**
     * @return the time window verification checked, when the verifier computed one (ours always does); empty for
     *         a token built by a verifier of your own with the three-argument constructor
     */
    public java.util.Optional<Validity> validity() {
        return java.util.Optional.ofNullable(validity);
    }

    /** @return every claim, deeply unmodifiable */
    public Map<String, Object> claims() {
        return claims;
    }

    /**
     * @param name the claim name
     * @return one claim's JSON value, if present
     */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /**
     * @param name the claim name
     * @return a claim's value if it is a string
     */
    public Optional<String> stringClaim(String name) {
        return claims.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** @return {@code sub}, if present */
    public Optional<String> subject() {
        return stringClaim("sub");
    }

    /** @return {@code iss} */
    public Optional<String> issuer() {
        return stringClaim("iss");
    }

    /** @return {@code jti}, if present */
    public Optional<String> id() {
        return stringClaim("jti");
    }

    /** @return {@code exp} as an instant (always present on a verified token) */
    public Instant expiresAt() {
        return epochClaim("exp").orElseThrow();
    }

    /** @return {@code iat}, if present */
    public Optional<Instant> issuedAt() {
        return epochClaim("iat");
    }

    /** @return the algorithm that verified the token */
    public String algorithm() {
        return algorithm;
    }

    /** @return the {@code kid} header, if present */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    private Optional<Instant> epochClaim(String name) {
        return claims.get(name) instanceof Number n
                ? Optional.of(Instant.ofEpochSecond(n.longValue()))
                : Optional.empty();
    }

    @Override
    public String toString() {
        return "VerifiedJwt[sub=" + subject().orElse("?") + ", iss=" + issuer().orElse("?") + "]";
    }

    private static Map<String, Object> immutableMap(Map<?, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(String.valueOf(k), immutable(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object immutable(Object value) {
        if (value instanceof Map<?, ?> map) {
            return immutableMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(immutable(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
