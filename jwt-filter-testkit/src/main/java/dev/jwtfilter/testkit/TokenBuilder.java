package dev.jwtfilter.testkit;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints one test token from {@link JwtTestKit#token()}. It starts as a token the kit's {@link JwtTestKit#config()}
 * accepts: {@code typ: JWT} and the kit's {@code kid}; {@code iss} and {@code aud} of the kit, {@code sub}
 * {@value #DEFAULT_SUBJECT}, {@code iat} now on the kit's clock, {@code exp} five minutes later, a random
 * {@code jti}, no roles. Every part can be changed or removed, so tests can mint tokens the filter must refuse
 * too. Finish with {@link #sign()}, or with {@link #signedByAnotherKey()} or {@link #withAlgNone()} for forgeries.
 * Not thread safe; use one builder per token.
 */
public final class TokenBuilder {
    /** The {@code sub} of a token whose subject is not set. */
    public static final String DEFAULT_SUBJECT = "test-user";

    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final KitKeys keys;
    private final String rolesClaim;
    private final Instant now;
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    TokenBuilder(KitKeys keys, String issuer, String audience, String rolesClaim, Instant now) {
        this.keys = keys;
        this.rolesClaim = rolesClaim;
        this.now = now;
        header.put("alg", keys.algorithm().getName());
        header.put("kid", KitKeys.KEY_ID);
        header.put("typ", "JWT");
        claims.put("iss", issuer);
        claims.put("sub", DEFAULT_SUBJECT);
        claims.put("aud", audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(DEFAULT_LIFETIME).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
    }

    /**
     * Sets {@code sub}, the principal name under the default name claims.
     *
     * @param subject the {@code sub} value
     * @return this builder
     */
    public TokenBuilder subject(String subject) {
        return claim("sub", subject);
    }

    /**
     * Sets {@code iss}, for tokens of another issuer.
     *
     * @param issuer the {@code iss} value
     * @return this builder
     */
    public TokenBuilder issuer(String issuer) {
        return claim("iss", issuer);
    }

    /**
     * Sets {@code aud}: one value as a string, several as an array.
     *
     * @param audiences the {@code aud} values
     * @return this builder
     */
    public TokenBuilder audience(String... audiences) {
        return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
    }

    /**
     * Sets the roles at the kit's roles claim ({@code groups} unless changed), as an array; a dotted path nests objects.
     *
     * @param roles the role names
     * @return this builder
     */
    public TokenBuilder roles(String... roles) {
        Map<String, Object> parent = claims;
        String[] path = rolesClaim.split("\\.");
        for (String name : Arrays.copyOf(path, path.length - 1)) {
            Map<String, Object> child =
                    parent.get(name) instanceof Map<?, ?> existing ? copy(existing) : new LinkedHashMap<>();
            parent.put(name, child);
            parent = child;
        }
        parent.put(path[path.length - 1], List.of(roles));
        return this;
    }

    /**
     * Sets {@code exp} this long after now, the kit's clock when {@link JwtTestKit#token()} was called (default five minutes).
     *
     * @param lifetime how long after now the token expires
     * @return this builder
     */
    public TokenBuilder expiresIn(Duration lifetime) {
        return expiresAt(now.plus(lifetime));
    }

    /**
     * Sets {@code exp}.
     *
     * @param exp the expiry time
     * @return this builder
     */
    public TokenBuilder expiresAt(Instant exp) {
        return claim("exp", exp);
    }

    /**
     * Makes the token expired beyond any usual clock skew: issued an hour ago, {@code exp} half an hour ago.
     *
     * @return this builder
     */
    public TokenBuilder expired() {
        return issuedAt(now.minus(Duration.ofHours(1))).expiresAt(now.minus(Duration.ofMinutes(30)));
    }

    /**
     * Sets {@code nbf}; a time more than the skew ahead makes the token not yet valid.
     *
     * @param nbf the time before which the token is not valid
     * @return this builder
     */
    public TokenBuilder notBefore(Instant nbf) {
        return claim("nbf", nbf);
    }

    /**
     * Sets {@code iat}.
     *
     * @param iat the issue time
     * @return this builder
     */
    public TokenBuilder issuedAt(Instant iat) {
        return claim("iat", iat);
    }

    /**
     * Sets any claim; an {@link Instant} becomes NumericDate seconds, other values are written as JSON.
     *
     * @param name the claim name
     * @param value the claim value
     * @return this builder
     */
    public TokenBuilder claim(String name, Object value) {
        claims.put(name, value instanceof Instant instant ? instant.getEpochSecond() : value);
        return this;
    }

    /**
     * Removes a claim, including defaults such as {@code exp} or {@code sub}.
     *
     * @param name the claim name
     * @return this builder
     */
    public TokenBuilder withoutClaim(String name) {
        claims.remove(name);
        return this;
    }

    /**
     * Sets the {@code typ} header, for example {@code at+jwt} (RFC 9068); {@code null} removes it.
     *
     * @param type the {@code typ} value, or {@code null}
     * @return this builder
     */
    public TokenBuilder type(String type) {
        return header("typ", type);
    }

    /**
     * Sets any JOSE header parameter ({@code kid}, {@code crit}, {@code jku}, custom ones); {@code null} removes it.
     *
     * @param name the header parameter name
     * @param value the value, or {@code null} to remove the parameter
     * @return this builder
     * @throws IllegalArgumentException for {@code alg}: the key decides it; use {@link #withAlgNone()} for none
     */
    public TokenBuilder header(String name, Object value) {
        if ("alg".equals(name)) {
            throw new IllegalArgumentException(
                    "The algorithm follows the kit's key; use withAlgNone() for an unsigned token");
        }
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, value);
        }
        return this;
    }

    /** @return the compact JWS signed with the kit's key: what the kit's configuration accepts */
    public String sign() {
        return keys.sign(header, JSONObjectUtils.toJSONString(claims), false);
    }

    /** @return the same token signed by another key of the same type under the kit's {@code kid}: must be refused */
    public String signedByAnotherKey() {
        return keys.sign(header, JSONObjectUtils.toJSONString(claims), true);
    }

    /** @return the same claims as an unsecured JWT, {@code alg: none} with an empty signature: must be refused */
    public String withAlgNone() {
        Map<String, Object> none = new LinkedHashMap<>(header);
        none.put("alg", "none");
        return KitKeys.unsecured(none, JSONObjectUtils.toJSONString(claims));
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
