package dev.jwtfilter.config;

import dev.jwtfilter.internal.SecureUrls;
import dev.jwtfilter.proof.DPoPNonces;
import dev.jwtfilter.proof.DPoPProofSettings;
import dev.jwtfilter.verify.TrustedIssuer;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The validation rules of {@link JwtConfigBuilder#build()}, one small method per group of settings. */
final class ConfigChecks {
    private ConfigChecks() {}

    static void identity(JwtConfigBuilder b, List<String> problems) {
        if (b.issuer == null || b.issuer.isBlank()) {
            problems.add("No issuer configured: tokens are only accepted from one exact 'iss'");
        }
        if (b.audiences.isEmpty() || b.audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
            problems.add("No audience configured: a token's 'aud' must name this application");
        }
    }

    static void distinctIssuers(String own, List<TrustedIssuer> entries, List<String> problems) {
        Set<String> seen = new HashSet<>();
        if (own != null) {
            seen.add(own);
        }
        for (TrustedIssuer entry : entries) {
            if (!seen.add(entry.issuer())) {
                problems.add("Issuer '" + entry.issuer() + "' is trusted twice: each issuer needs exactly one entry");
            }
        }
    }

    static void claims(JwtConfigBuilder b, List<String> problems) {
        if (b.clockSkew == null || b.clockSkew.isNegative()) {
            problems.add("Clock skew must be zero or positive");
        } else if (b.clockSkew.getNano() != 0) {
            // Nimbus checks exp and nbf with a skew in whole seconds and the cache checks hits to the millisecond:
            // a fraction would make a hit accept what a full verification refuses.
            problems.add("jwt.clock-skew must be whole seconds (got " + b.clockSkew.toMillis() + " ms)");
        }
        if (b.maxTokenAge != null && (b.maxTokenAge.isNegative() || b.maxTokenAge.isZero())) {
            problems.add("Maximum token age must be positive");
        }
        if (b.acceptedTypes.isEmpty() && b.typeRequired) {
            problems.add("A 'typ' header is required but no type is accepted");
        }
        if (!b.profile.types().isEmpty() && b.typeRulesSet) {
            problems.add("jwt.types and jwt.type-required cannot be combined with jwt.profile="
                    + b.profile.name().toLowerCase(java.util.Locale.ROOT) + ", which accepts and requires typ "
                    + String.join(", ", b.profile.types()) + " only");
        }
        if (b.principalClaims.isEmpty() || b.principalClaims.stream().anyMatch(ConfigChecks::blank)) {
            problems.add("At least one principal name claim is required");
        }
        if (blank(b.rolesClaim)
                || b.rolesClaim.startsWith(".")
                || b.rolesClaim.endsWith(".")
                || b.rolesClaim.contains("..")) {
            problems.add("Roles claim must be a claim name or a dotted path such as realm_access.roles");
        }
        if (b.rolePrefix == null) {
            problems.add("Role prefix must not be null (use an empty string)");
        }
        if (b.namePrefix == null) {
            problems.add("Name prefix must not be null (use an empty string)");
        }
    }

    static void transport(JwtConfigBuilder b, List<String> problems) {
        if (blank(b.realm) || b.realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
            problems.add("Realm must be printable ASCII without quotes or backslashes");
        }
        if (b.cacheMaxEntries < 1) {
            problems.add("Token cache size must be at least 1 (turn the cache off instead)");
        }
        if (b.maxTokenBytes <= 0) {
            problems.add("Maximum token size must be positive");
        }
        if (b.cookieName != null && !isToken(b.cookieName)) {
            problems.add("Cookie name is not a valid cookie token");
        }
        csrf(b, problems);
        for (String pattern : b.publicPaths) {
            if (!isUrlPattern(pattern)) {
                problems.add("Public path '" + pattern + "' is not a servlet URL pattern (/exact, /prefix/* or *.ext)");
            }
        }
    }

    static void revocation(JwtConfigBuilder b, List<String> problems) {
        if (b.revocationList != null && b.revocationCheck != null) {
            problems.add("Both a revocation list and a revocation check configured: choose one");
        }
        if (b.revocationCacheTtl == null || b.revocationCacheTtl.isNegative()) {
            problems.add("Revocation cache time to live must be zero or positive");
        }
        if (b.revocationTuned && b.revocationList == null) {
            problems.add("jwt.revocation.cache-ttl and jwt.revocation.require-jti apply to a revocation list only, "
                    + "and none is configured (name a RevocationList in jwt.revocation.attribute)");
        }
    }

    /** Each step-up entry: a usable name, once; valid paths; a requirement; no negative age; quotable acr values. */
    static void stepUp(JwtConfigBuilder b, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (StepUpPath entry : b.stepUpPaths) {
            String where = "Step-up entry '" + entry.name() + "': ";
            if (entry.name() == null || !entry.name().matches("[A-Za-z0-9_-]+")) {
                problems.add("Step-up entry name '" + entry.name() + "' may only hold letters, digits, '-' and '_'");
            } else if (!names.add(entry.name())) {
                problems.add(where + "listed twice");
            }
            if (entry.paths().isEmpty()) {
                problems.add(where + "no paths (jwt.step-up." + entry.name() + ".paths)");
            }
            entry.paths().stream()
                    .filter(pattern -> !isUrlPattern(pattern))
                    .forEach(pattern -> problems.add(where + "path '" + pattern
                            + "' is not a servlet URL pattern (/exact, /prefix/* or *.ext)"));
            stepUpRequirement(entry, where, problems);
        }
    }

    private static void stepUpRequirement(StepUpPath entry, String where, List<String> problems) {
        if (entry.acr().isEmpty() && entry.maxAge().isEmpty()) {
            problems.add(where + "requires nothing: set its acr, its max-age, or both");
        }
        if (entry.maxAge().filter(Duration::isNegative).isPresent()) {
            problems.add(where + "max-age must be zero or positive");
        }
        if (entry.acr().stream().anyMatch(acr -> !acr.matches("[\\x21\\x23-\\x5b\\x5d-\\x7e]+"))) {
            problems.add(where + "acr values must be printable ASCII without spaces, quotes or backslashes");
        }
    }

    /**
     * @return the proof settings when some issuer accepts DPoP, else {@code null}; problems for settings out of
     *     range, for an external URL that is not a bare origin, and for DPoP settings no issuer would use
     */
    static DPoPProofSettings dpop(JwtConfigBuilder b, boolean anyIssuerAcceptsDPoP, List<String> problems) {
        if (!anyIssuerAcceptsDPoP) {
            if (b.dpopTuned) {
                problems.add("jwt.dpop.* settings apply only when an issuer accepts DPoP, and none does"
                        + " (set jwt.dpop to dpop-allowed or dpop-required)");
            }
            return null;
        }
        externalUrl(b.dpopExternalUrl, problems);
        if (b.dpopExternalUrl != null && b.dpopForwardedHeaders) {
            problems.add("Both jwt.dpop.external-url and jwt.dpop.forwarded-headers set: choose one");
        }
        if (!b.dpopNonces && (b.dpopNonceSecret != null || b.dpopNonceLifetimeSet)) {
            problems.add("A DPoP nonce secret or lifetime is set but nonces are off (jwt.dpop.nonce=false)");
        }
        if (b.dpopAlgorithmsSet && b.dpopAlgorithms.isEmpty()) {
            problems.add("no DPoP proof algorithm allowed (jwt.dpop.algorithms is empty)");
        }
        if (b.dpopExternalUrl == null && !b.dpopForwardedHeaders) {
            System.getLogger(ConfigChecks.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "DPoP proofs are checked against the request URL as the container sees it, whose host"
                                    + " comes from the client's Host header: set jwt.dpop.external-url to the origin"
                                    + " clients use, so that a proof made for another server cannot pass here");
        }
        try {
            DPoPProofSettings.Builder settings = DPoPProofSettings.builder()
                    .window(b.dpopProofMaxAge)
                    .skew(b.clockSkew)
                    .clock(b.clock);
            if (!b.dpopAlgorithms.isEmpty()) {
                settings.algorithms(b.dpopAlgorithms);
            }
            if (b.dpopReplayCache != null) {
                settings.replayCache(b.dpopReplayCache);
            }
            if (b.dpopNonces) {
                if (b.dpopNonceSecret == null) {
                    System.getLogger(ConfigChecks.class.getName())
                            .log(
                                    System.Logger.Level.WARNING,
                                    "DPoP nonces use a random secret of this node: another node cannot accept them;"
                                            + " set jwt.dpop.nonce-secret to one value on every node of the API");
                }
                settings.nonces(
                        b.dpopNonceSecret != null
                                ? DPoPNonces.of(b.dpopNonceSecret, b.dpopNonceLifetime, b.clock)
                                : DPoPNonces.random(b.dpopNonceLifetime, b.clock));
            }
            return settings.build();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * @return the protected resource metadata when {@code jwt.resource-metadata} is on, else {@code null}; problems
     *     for a resource identifier that is missing, not https (http on localhost only), or has a query or fragment,
     *     for no issuer that is such a URL, for scopes that are not scope tokens, and for metadata settings given
     *     while the metadata is off
     */
    static ResourceMetadata resourceMetadata(
            JwtConfigBuilder b,
            boolean ownIssuer,
            List<TrustedIssuer> entries,
            dev.jwtfilter.proof.DPoPProofSettings proofs,
            List<String> problems) {
        if (!b.resourceMetadata) {
            if (b.resource != null
                    || b.resourceName != null
                    || b.resourceDocumentation != null
                    || !b.resourceScopes.isEmpty()) {
                problems.add("jwt.resource and jwt.resource.* apply only with jwt.resource-metadata=true");
            }
            return null;
        }
        List<String> issuers = new java.util.ArrayList<>();
        java.util.Set<String> audiences = new java.util.LinkedHashSet<>();
        boolean dpopRequired = true;
        if (ownIssuer && b.issuer != null) {
            issuers.add(b.issuer);
            audiences.addAll(b.audiences);
            dpopRequired = !b.dpopPolicy.acceptsBearer();
        }
        for (TrustedIssuer entry : entries) {
            issuers.add(entry.issuer());
            audiences.addAll(entry.audiences());
            dpopRequired &= !entry.dpopPolicy().acceptsBearer();
        }
        URI resource = b.resource != null ? b.resource : oneHttpsAudience(audiences, problems);
        if (resource == null) {
            return null;
        }
        if (!isWebUrl(resource) || resource.getRawQuery() != null || resource.getRawFragment() != null) {
            problems.add("jwt.resource must be an https URL (http on localhost only) without query or fragment");
            return null;
        }
        List<String> servers = issuers.stream()
                .filter(issuer -> isWebUrl(safeUri(issuer)))
                .distinct()
                .toList();
        if (servers.isEmpty()) {
            problems.add("Protected resource metadata needs at least one issuer that is an https URL"
                    + " (authorization_servers, RFC 9728 section 2)");
        }
        if (b.resourceDocumentation != null && !isWebUrl(b.resourceDocumentation)) {
            problems.add("jwt.resource.documentation must be an https URL (http on localhost only)");
        }
        for (String scope : b.resourceScopes) {
            if (scope.isEmpty()
                    || !scope.chars()
                            .allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                problems.add("Scope '" + scope + "' is not an RFC 6749 scope token");
            }
        }
        List<String> methods = b.queryParameterAllowed ? List.of("header", "query") : List.of("header");
        List<String> dpopAlgorithms = proofs == null
                ? List.of()
                : proofs.algorithms().stream()
                        .map(com.nimbusds.jose.JWSAlgorithm::getName)
                        .toList();
        return new ResourceMetadata(
                resource,
                ResourceMetadata.members(
                        servers,
                        methods,
                        List.copyOf(b.resourceScopes),
                        dpopAlgorithms,
                        proofs != null && dpopRequired,
                        b.resourceName,
                        b.resourceDocumentation));
    }

    private static URI oneHttpsAudience(java.util.Set<String> audiences, List<String> problems) {
        List<URI> urls = audiences.stream()
                .map(ConfigChecks::safeUri)
                .filter(ConfigChecks::isWebUrl)
                .toList();
        if (urls.size() != 1) {
            problems.add("Set jwt.resource, the resource identifier of the protected resource metadata: "
                    + (urls.isEmpty() ? "no audience is an https URL" : "more than one audience is an https URL"));
            return null;
        }
        return urls.get(0);
    }

    private static URI safeUri(String value) {
        try {
            return new URI(value);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** An absolute URL with a host and no user, https or http on the loopback host ({@link SecureUrls}). */
    private static boolean isWebUrl(URI url) {
        return url != null
                && url.isAbsolute()
                && url.getHost() != null
                && url.getRawUserInfo() == null
                && SecureUrls.isSecureTransport(url);
    }

    private static void externalUrl(URI url, List<String> problems) {
        if (url == null) {
            return;
        }
        boolean origin = url.isAbsolute()
                && ("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))
                && url.getRawAuthority() != null
                && url.getHost() != null
                && url.getRawUserInfo() == null
                && (url.getRawPath() == null
                        || url.getRawPath().isEmpty()
                        || url.getRawPath().equals("/"))
                && url.getRawQuery() == null
                && url.getRawFragment() == null;
        if (!origin) {
            problems.add("jwt.dpop.external-url must be an http(s) origin such as https://api.example.com,"
                    + " without path, query or user");
        }
    }

    private static void csrf(JwtConfigBuilder b, List<String> problems) {
        if (b.csrfHeaderName == null || !isToken(b.csrfHeaderName)) {
            problems.add("CSRF header name is not a valid header name");
        }
        String csrfCookie = csrfCookieName(b);
        if (!isToken(csrfCookie)) {
            problems.add("CSRF cookie name is not a valid cookie token");
        } else if (csrfCookie.equals(b.cookieName)) {
            problems.add("CSRF cookie name must differ from the token cookie name");
        }
    }

    /** @return the configured CSRF cookie name, else the token cookie's prefix followed by {@code csrf} */
    static String csrfCookieName(JwtConfigBuilder b) {
        if (b.csrfCookieName != null) {
            return b.csrfCookieName;
        }
        String name = b.cookieName == null ? "" : b.cookieName;
        return name.startsWith("__Host-") ? "__Host-csrf" : name.startsWith("__Secure-") ? "__Secure-csrf" : "csrf";
    }

    /** RFC 7230 section 3.2.6 {@code token}: what both a header name and a cookie name (RFC 6265) must be. */
    private static boolean isToken(String name) {
        return !name.isEmpty()
                && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    static boolean isUrlPattern(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return false;
        }
        if (pattern.startsWith("*.")) {
            return pattern.length() > 2 && pattern.indexOf('/') < 0 && pattern.indexOf('*', 1) < 0;
        }
        int star = pattern.indexOf('*');
        return pattern.startsWith("/") && (star < 0 || (star == pattern.length() - 1 && pattern.endsWith("/*")));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
