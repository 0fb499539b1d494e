package dev.jwtfilter.config;

import static dev.jwtfilter.TestConfigs.own;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.revoke.CachingRevocationList;
import dev.jwtfilter.revoke.InMemoryRevocationList;
import dev.jwtfilter.revoke.RevocationListCheck;
import dev.jwtfilter.verify.TrustedIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtConfigParserTest {
    private final JwtConfigParser parser = new JwtConfigParser(
            Map.of("JWT_SECRET", TestKeys.HMAC_SECRET)::get, Map.of("jwt.iss", "https://sys.example")::get);

    private static Map<String, String> base() {
        Map<String, String> params = new HashMap<>();
        params.put("jwt.issuer", "https://issuer.example");
        params.put("jwt.audiences", "orders-api, billing-api");
        params.put("jwt.hmac-secret", "${env:JWT_SECRET}");
        return params;
    }

    private InvalidJwtConfigException failure(Map<String, String> params) {
        return (InvalidJwtConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parser.parse(params));
    }

    /** A key meant for something else, configured in a file, stops start-up as it does inline (naming its kid). */
    @Test
    void parseWhenPublicKeyFileHoldsAnEncryptionKeyOrKeyOpsWithoutVerifyThenStartupFails(@TempDir Path dir)
            throws Exception {
        Path encryption = Files.writeString(
                dir.resolve("enc.json"),
                TestKeys.publicJwks(new com.nimbusds.jose.jwk.RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                        .keyID("enc-1")
                        .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
                        .build()));
        Path wrapping = Files.writeString(
                dir.resolve("wrap.json"),
                TestKeys.publicJwks(new com.nimbusds.jose.jwk.RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                        .keyID("wrap-1")
                        .keyOperations(java.util.Set.of(com.nimbusds.jose.jwk.KeyOperation.WRAP_KEY))
                        .build()));

        Map<Path, String> expected = Map.of(
                encryption, "'enc-1' has use 'enc'", wrapping, "'wrap-1' has key_ops [wrapKey] without 'verify'");
        for (Map.Entry<Path, String> file : expected.entrySet()) {
            Map<String, String> params = base();
            params.remove("jwt.hmac-secret");
            params.put("jwt.public-key.file", file.getKey().toString());

            InvalidJwtConfigException e = failure(params);

            assertThat(e).as("start-up with %s", file.getKey().getFileName()).isNotNull();
            assertThat(e.problems()).singleElement().asString().contains(file.getValue());
        }
    }

    @Test
    void parseWhenEverySettingGivenThenConfigHoldsThem() {
        Map<String, String> params = base();
        params.put("jwt.clock-skew", "30s");
        params.put("jwt.max-token-age", "PT1H");
        params.put("jwt.types", "at+jwt");
        params.put("jwt.type-required", "true");
        params.put("jwt.required-claims", "jti, tenant");
        params.put("jwt.principal-claims", "email,sub");
        params.put("jwt.roles-claim", "realm_access.roles");
        params.put("jwt.role-prefix", "ROLE_");
        params.put("jwt.name-prefix", "staff:");
        params.put("jwt.realm", "orders");
        params.put("jwt.max-token-size", "4096");
        params.put("jwt.cookie", "access_token");
        params.put("jwt.query-parameter", "TRUE");
        params.put("jwt.public-paths", "/auth/*, /health");
        params.put("jwt.mode", "optional");
        params.put("jwt.annotations", "false");
        params.put("jwt.cache.enabled", "false");
        params.put("jwt.cache.max-entries", "500");

        JwtConfig config = parser.parse(params);

        assertThat(own(config).issuer()).isEqualTo("https://issuer.example");
        assertThat(own(config).audiences()).containsExactlyInAnyOrder("orders-api", "billing-api");
        assertThat(own(config).algorithms()).containsExactly(JWSAlgorithm.HS256);
        assertThat(own(config).clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(own(config).maxTokenAge()).contains(Duration.ofHours(1));
        assertThat(own(config).acceptedTypes()).containsExactly("at+jwt");
        assertThat(own(config).typeRequired()).isTrue();
        assertThat(own(config).requiredClaims()).containsExactlyInAnyOrder("jti", "tenant");
        assertThat(own(config).principalClaims()).containsExactly("email", "sub");
        assertThat(own(config).rolesClaim()).isEqualTo("realm_access.roles");
        assertThat(own(config).rolePrefix()).isEqualTo("ROLE_");
        assertThat(own(config).namePrefix()).isEqualTo("staff:");
        assertThat(config.realm()).isEqualTo("orders");
        assertThat(config.maxTokenBytes()).isEqualTo(4096);
        assertThat(config.cookieName()).contains("access_token");
        assertThat(config.queryParameterAllowed()).isTrue();
        assertThat(config.publicPaths()).containsExactly("/auth/*", "/health");
        assertThat(config.mode()).isEqualTo(AuthenticationMode.OPTIONAL);
        assertThat(config.annotationsEnforced()).isFalse();
        assertThat(config.cacheEnabled()).isFalse();
        assertThat(config.cacheMaxEntries()).isEqualTo(500);
    }

    @Test
    void parseWhenProblemDetailsGivenThenOnAndOffByDefault() {
        assertThat(parser.parse(base()).problemDetails()).isFalse();
        Map<String, String> params = base();
        params.put("jwt.problem-details", "true");

        assertThat(parser.parse(params).problemDetails()).isTrue();
        params.put("jwt.problem-details", "yes");
        assertThat(failure(params).problems())
                .anySatisfy(problem -> assertThat(problem).contains("jwt.problem-details"));
    }

    /** Named in {@code jwt.events.listener} by the tests below. */
    public static final class NamedListener implements AuthEventListener {
        @Override
        public void onEvent(AuthEvent event) {}
    }

    /** Has no public no-argument constructor. */
    public static final class NeedsArgument implements AuthEventListener {
        public NeedsArgument(String name) {}

        @Override
        public void onEvent(AuthEvent event) {}
    }

    @Test
    void parseWhenEventKeysGivenThenListenersInstantiatedAndLoggingSet() {
        Map<String, String> params = base();
        params.put("jwt.events.listener", NamedListener.class.getName() + ", " + NamedListener.class.getName());
        params.put("jwt.events.log", "false");

        JwtConfig config = parser.parse(params);

        assertThat(config.eventListeners())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).isInstanceOf(NamedListener.class));
        assertThat(config.eventLogging()).isFalse();
        assertThat(parser.parse(base()).eventLogging()).isTrue();
        assertThat(parser.parse(base()).eventListeners()).isEmpty();
    }

    @Test
    void parseWhenListenerClassesUnusableThenOneProblemNamingEachAndNoStart() {
        Map<String, String> params = base();
        params.put(
                "jwt.events.listener",
                "com.example.Missing, java.lang.String, " + NeedsArgument.class.getName() + ", "
                        + NamedListener.class.getName());
        params.put("jwt.events.log", "sometimes");

        InvalidJwtConfigException e = failure(params);

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0))
                .startsWith("Parameter 'jwt.events.listener': cannot use ")
                .contains(
                        "com.example.Missing (class not found)",
                        "java.lang.String (not an dev.jwtfilter.event.AuthEventListener)",
                        NeedsArgument.class.getName() + " (needs a public no-argument constructor)")
                .doesNotContain(NamedListener.class.getName());
        assertThat(e.problems().get(1)).contains("jwt.events.log", "sometimes");
    }

    @Test
    void parseWhenFirewallAllowGivenThenThoseRulesRelaxedAndNoOthers() {
        Map<String, String> params = base();
        params.put("jwt.firewall.allow", "semicolon, Encoded-Slash");

        assertThat(parser.parse(params).firewallAllowed())
                .containsExactlyInAnyOrder(FirewallRule.SEMICOLON, FirewallRule.ENCODED_SLASH);
        assertThat(parser.parse(base()).firewallAllowed()).isEmpty();
    }

    @Test
    void parseWhenFirewallAllowNamesUnknownRuleThenProblemListsTheKnownNames() {
        Map<String, String> params = base();
        params.put("jwt.firewall.allow", "dot-segments");

        assertThat(failure(params).problems())
                .anySatisfy(p -> assertThat(p)
                        .contains("jwt.firewall.allow")
                        .contains("dot-segments")
                        .contains("dot-segment, encoded-slash"));
    }

    @Test
    void parseWhenMicroProfileNamesUsedThenTheyAreAliases() {
        Map<String, String> params = Map.of(
                "mp.jwt.verify.issuer", "https://issuer.example",
                "mp.jwt.verify.audiences", "orders-api",
                "mp.jwt.verify.publickey", TestKeys.rsaPem(),
                "mp.jwt.verify.publickey.algorithm", "RS256",
                "mp.jwt.verify.clock.skew", "5",
                "mp.jwt.verify.token.age", "600",
                "mp.jwt.token.header", "Cookie",
                "mp.jwt.token.cookie", "__Host-at");

        JwtConfig config = parser.parse(params);

        assertThat(own(config).algorithms()).containsExactly(JWSAlgorithm.RS256);
        assertThat(own(config).clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(own(config).maxTokenAge()).contains(Duration.ofMinutes(10));
        assertThat(config.cookieName()).contains("__Host-at");
    }

    @Test
    void parseWhenKeyFileGivenThenPemOrJwksReadFromIt(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("key.pem"), TestKeys.rsaPem());
        Path jwks = Files.writeString(dir.resolve("jwks.json"), TestKeys.publicJwks(TestKeys.RSA, TestKeys.EC));
        Map<String, String> params = new HashMap<>(Map.of("jwt.issuer", "i", "jwt.audiences", "a"));

        params.put("jwt.public-key.file", pem.toString());
        assertThat(own(parser.parse(params)).keys().matchKeyIds()).isFalse();
        params.put("jwt.public-key.file", jwks.toUri().toString());
        assertThat(own(parser.parse(params)).algorithms()).contains(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    }

    @Test
    void parseWhenUnknownNameOfOurNamespaceThenStartupFails() {
        Map<String, String> params = base();
        params.put("jwt.isuer", "typo");
        params.put("mp.jwt.verify.unknown", "x");

        assertThat(failure(params).problems())
                .containsExactlyInAnyOrder(
                        "Unknown parameter 'jwt.isuer'", "Unknown parameter 'mp.jwt.verify.unknown'");
    }

    @Test
    void parseWhenEnvironmentReferenceUnsetThenProblemNamesItButNoValue() {
        Map<String, String> params = base();
        params.put("jwt.hmac-secret", "${env:MISSING_SECRET}");

        assertThat(failure(params).problems())
                .containsExactly("Parameter 'jwt.hmac-secret' refers to ${env:MISSING_SECRET}, which is not set");
    }

    @Test
    void parseWhenSystemPropertyReferenceThenResolved() {
        Map<String, String> params = base();
        params.put("jwt.issuer", "${sys:jwt.iss}");

        assertThat(own(parser.parse(params)).issuer()).isEqualTo("https://sys.example");
    }

    @Test
    void parseWhenBareReferenceThenSystemPropertyElseEnvironmentElseDefault() {
        JwtConfigParser lookups = new JwtConfigParser(
                Map.of("ISS", "https://env.example", "SECRET", TestKeys.HMAC_SECRET)::get,
                Map.of("ISS", "https://sys.example")::get);
        Map<String, String> params = new HashMap<>(Map.of(
                "jwt.issuer",
                "${ISS}",
                "jwt.audiences",
                "${AUD:-demo-api}",
                "jwt.hmac-secret",
                "${SECRET}",
                "jwt.realm",
                "${env:REALM:-demo}"));

        JwtConfig config = lookups.parse(params);

        assertThat(own(config).issuer()).isEqualTo("https://sys.example");
        assertThat(own(config).audiences()).containsExactly("demo-api");
        assertThat(config.realm()).isEqualTo("demo");
        params.put("jwt.issuer", "${UNSET_ISS:https://default.example}");
        assertThat(own(lookups.parse(params)).issuer()).isEqualTo("https://default.example");
        params.put("jwt.issuer", "${:bar}");
        assertThat(failure(params).getMessage()).contains("use ${NAME}");
    }

    @Test
    void parseWhenReferenceIsIncompleteThenNeverTakenLiterally() {
        Map<String, String> params = base();
        params.put("jwt.hmac-secret", "${env:ORDERS_API_JWT_HMAC_SECRET");

        assertThat(failure(params).getMessage())
                .contains("incomplete reference")
                .doesNotContain("ORDERS_API");
    }

    @Test
    void parseWhenFileUriOpaqueOrDurationOverflowsThenReportedAsProblems() {
        Map<String, String> params = new HashMap<>(Map.of(
                "jwt.issuer",
                "i",
                "jwt.audiences",
                "a",
                "jwt.public-key.file",
                "file:keys/pub.pem",
                "jwt.clock-skew",
                "9999999999999999h"));

        assertThat(failure(params).problems())
                .anyMatch(p -> p.contains("cannot read file:keys/pub.pem"))
                .anyMatch(p -> p.startsWith("Parameter 'jwt.clock-skew'"));
    }

    @Test
    void parseWhenValuesMalformedThenEveryProblemReported() {
        Map<String, String> params = base();
        params.put("jwt.clock-skew", "soon");
        params.put("jwt.type-required", "yes");
        params.put("jwt.max-token-size", "big");
        params.put("jwt.mode", "lenient");
        params.put("jwt.public-key.file", "/does/not/exist.pem");

        assertThat(failure(params).problems())
                .hasSizeGreaterThanOrEqualTo(5)
                .anyMatch(p -> p.startsWith("Parameter 'jwt.clock-skew'"))
                .anyMatch(p -> p.startsWith("Parameter 'jwt.type-required'"))
                .anyMatch(p -> p.startsWith("Parameter 'jwt.max-token-size'"))
                .anyMatch(p -> p.startsWith("Parameter 'jwt.mode'"))
                .anyMatch(p -> p.contains("cannot read /does/not/exist.pem"));
    }

    @Test
    void parseWhenClockSkewNotWholeSecondsThenStartupFailsSharedAndPerEntry() {
        Map<String, String> params = base();
        params.put("jwt.clock-skew", "1500ms");
        params.put("jwt.issuers", "partner");
        params.put("jwt.issuers.partner.issuer", "https://partner.example");
        params.put("jwt.issuers.partner.audiences", "orders-api");
        params.put("jwt.issuers.partner.public-key", TestKeys.publicJwks(TestKeys.RSA));
        params.put("jwt.issuers.partner.clock-skew", "PT0.5S");

        assertThat(failure(params).problems())
                .contains(
                        "jwt.clock-skew must be whole seconds (got 1500 ms)",
                        "Issuer entry 'partner': jwt.clock-skew must be whole seconds (got 500 ms)");
        params.put("jwt.clock-skew", "2000ms");
        params.put("jwt.issuers.partner.clock-skew", "3");
        assertThat(parser.parse(params).trustedIssuers())
                .extracting(TrustedIssuer::clockSkew)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void parseWhenProfileGivenSharedOrPerEntryThenApplied() {
        Map<String, String> params = base();
        params.put("jwt.profile", "rfc9068");
        params.put("jwt.issuers", "legacy");
        params.put("jwt.issuers.legacy.issuer", "https://legacy.example");
        params.put("jwt.issuers.legacy.audiences", "orders-api");
        params.put("jwt.issuers.legacy.public-key", TestKeys.publicJwks(TestKeys.RSA));
        params.put("jwt.issuers.legacy.profile", "none");

        assertThat(parser.parse(params).trustedIssuers())
                .extracting(TrustedIssuer::stringClaims)
                .containsExactly(JwtProfile.RFC9068.stringClaims(), java.util.Set.of());
    }

    @Test
    void parseWhenProfileUnknownOrCombinedWithTypesThenStartupFails() {
        Map<String, String> unknown = base();
        unknown.put("jwt.profile", "rfc7519");
        Map<String, String> combined = base();
        combined.put("jwt.profile", "RFC9068");
        combined.put("jwt.type-required", "true");

        assertThat(failure(unknown).problems())
                .singleElement()
                .asString()
                .startsWith("Parameter 'jwt.profile': unknown value 'rfc7519', expected one of [none, rfc9068]");
        assertThat(failure(combined).problems())
                .singleElement()
                .asString()
                .startsWith("jwt.types and jwt.type-required");
    }

    @Test
    void parseWhenSameSettingThroughNameAndAliasThenRefused() {
        Map<String, String> params = base();
        params.put("mp.jwt.verify.issuer", "https://other.example");

        assertThat(failure(params).getMessage()).contains("set twice");
    }

    @Test
    void parseWhenJwksOptionsGivenThenApplied() {
        Map<String, String> params = new HashMap<>(Map.of(
                "jwt.issuer",
                "i",
                "jwt.audiences",
                "a",
                "jwt.jwks.uri",
                "http://127.0.0.1:1/jwks",
                "jwt.jwks.cache-ttl",
                "10m",
                "jwt.jwks.refresh-timeout",
                "20m"));

        assertThat(failure(params).getMessage()).contains("must be shorter than the cache lifetime");
        params.put("jwt.jwks.refresh-timeout", "500ms");
        assertThat(own(parser.parse(params)).issuer()).isEqualTo("i");
    }

    @Test
    void parseWhenCookieCsrfKeysGivenThenConfigHoldsThem() {
        Map<String, String> params = base();
        params.put("jwt.cookie", "__Host-at");

        JwtConfig defaults = parser.parse(params);
        params.put("jwt.cookie.csrf", "false");
        params.put("jwt.cookie.csrf-header", "X-XSRF-TOKEN");
        params.put("jwt.cookie.csrf-cookie", "__Host-XSRF-TOKEN");
        JwtConfig config = parser.parse(params);

        assertThat(defaults.cookieCsrf()).isTrue();
        assertThat(defaults.csrfHeaderName()).isEqualTo("X-CSRF-Token");
        assertThat(defaults.csrfCookieName()).isEqualTo("__Host-csrf");
        assertThat(config.cookieCsrf()).isFalse();
        assertThat(config.csrfHeaderName()).isEqualTo("X-XSRF-TOKEN");
        assertThat(config.csrfCookieName()).isEqualTo("__Host-XSRF-TOKEN");
    }

    @Test
    void parseWhenCookieCsrfKeysInvalidThenEveryProblemReported() {
        Map<String, String> params = base();
        params.put("jwt.cookie", "at");
        params.put("jwt.cookie.csrf", "maybe");
        params.put("jwt.cookie.csrf-header", "X CSRF");
        params.put("jwt.cookie.csrf-cookie", "at");

        assertThat(failure(params).problems())
                .containsExactlyInAnyOrder(
                        "Parameter 'jwt.cookie.csrf': expected true or false, got 'maybe'",
                        "CSRF header name is not a valid header name",
                        "CSRF cookie name must differ from the token cookie name");
    }

    @Test
    void parseDurationWhenEachFormThenParsed() {
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("pt15m")).isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> Durations.parse("m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseWhenRevocationSettingsGivenOverABuilderWithAListThenApplied() {
        Map<String, String> params = base();
        params.put("jwt.revocation.cache-ttl", "2s");
        params.put("jwt.revocation.require-jti", "false");

        JwtConfig config = parser.parse(
                params, JwtConfig.builder().revocationList(new InMemoryRevocationList(java.time.Clock.systemUTC())));

        assertThat(config.revocationCacheTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.revocationJtiRequired()).isFalse();
        assertThat(config.revocationList()).containsInstanceOf(CachingRevocationList.class);
        assertThat(config.revocationCheck()).isInstanceOf(RevocationListCheck.class);
    }

    @Test
    void parseWhenRevocationSettingsWithoutAListOrMalformedThenEveryProblemReported() {
        Map<String, String> params = base();
        params.put("jwt.revocation.attribute", "app.revoked");
        params.put("jwt.revocation.cache-ttl", "-1s");
        params.put("jwt.revocation.require-jti", "yes");

        assertThat(failure(params).problems())
                .hasSize(4)
                .anyMatch(p -> p.startsWith("Parameter 'jwt.revocation.attribute': only the servlet filter"))
                .anyMatch(p -> p.startsWith("Parameter 'jwt.revocation.require-jti': expected true or false"))
                .anyMatch(p -> p.equals("Revocation cache time to live must be zero or positive"))
                .anyMatch(p -> p.startsWith(
                        "jwt.revocation.cache-ttl and jwt.revocation.require-jti apply to a revocation list only"));
    }

    @Test
    void parseWhenDPoPKeysGivenThenPolicyPerIssuerAndSharedProofSettings() {
        Map<String, String> params = base();
        params.put("jwt.dpop", "DPoP-Required");
        params.put("jwt.dpop.algorithms", "ES384, PS256");
        params.put("jwt.dpop.proof-max-age", "30s");
        params.put("jwt.dpop.nonce", "true");
        params.put("jwt.dpop.nonce-secret", "${env:JWT_SECRET}");
        params.put("jwt.dpop.nonce-lifetime", "2m");
        params.put("jwt.dpop.external-url", "https://api.example.com");
        params.put("jwt.issuers", "partner");
        params.put("jwt.issuers.partner.issuer", "https://partner.example");
        params.put("jwt.issuers.partner.audiences", "orders-api");
        params.put("jwt.issuers.partner.public-key", TestKeys.publicJwks(TestKeys.RSA));
        params.put("jwt.issuers.partner.dpop", "bearer");

        JwtConfig config = parser.parse(params);

        assertThat(config.trustedIssuers())
                .extracting(dev.jwtfilter.verify.TrustedIssuer::dpopPolicy)
                .containsExactly(dev.jwtfilter.verify.DPoPPolicy.DPOP_REQUIRED, dev.jwtfilter.verify.DPoPPolicy.BEARER);
        dev.jwtfilter.proof.DPoPProofSettings proofs =
                config.dpopProofSettings().orElseThrow();
        assertThat(proofs.algorithms()).containsExactly(JWSAlgorithm.ES384, JWSAlgorithm.PS256);
        assertThat(proofs.window()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(proofs.nonces()).isPresent();
        assertThat(config.dpopExternalUrl()).contains(java.net.URI.create("https://api.example.com"));
    }

    @Test
    void parseWhenNoIssuerAcceptsDPoPThenNoProofSettingsAndDPoPKeysAreAProblem() {
        assertThat(parser.parse(base()).dpopProofSettings()).isEmpty();
        Map<String, String> harmless = base();
        harmless.put("jwt.dpop", "bearer");
        harmless.put("jwt.dpop.nonce", "false");
        assertThat(parser.parse(harmless).dpopProofSettings()).isEmpty();
        Map<String, String> params = base();
        params.put("jwt.dpop.nonce", "true");

        assertThat(failure(params).problems())
                .anySatisfy(problem -> assertThat(problem).contains("apply only when an issuer accepts DPoP"));
    }

    @Test
    void parseWhenDPoPSettingsAreWrongThenEveryProblemIsNamed() {
        Map<String, String> params = base();
        params.put("jwt.dpop", "sometimes");
        Map<String, String> wrong = base();
        wrong.put("jwt.dpop", "dpop-allowed");
        wrong.put("jwt.dpop.algorithms", "HS256, EdDSA");
        wrong.put("jwt.dpop.nonce-secret", "short");
        wrong.put("jwt.dpop.external-url", "https://api.example.com/v1?x=1");
        wrong.put("jwt.dpop.forwarded-headers", "true");
        wrong.put("jwt.dpop.replay-cache.attribute", "replay");

        assertThat(failure(params).problems())
                .anySatisfy(problem -> assertThat(problem).contains("bearer, dpop-allowed, dpop-required"));
        assertThat(failure(wrong).problems())
                .anySatisfy(problem -> assertThat(problem).contains("HS256 is not supported"))
                .anySatisfy(problem -> assertThat(problem).contains("Nimbus needs Google Tink"))
                .anySatisfy(problem -> assertThat(problem).contains("nonces are off"))
                .anySatisfy(problem -> assertThat(problem).contains("jwt.dpop.external-url must be an http(s) origin"))
                .anySatisfy(problem -> assertThat(problem).contains("choose one"))
                .anySatisfy(problem -> assertThat(problem).contains("only the servlet filter and the mechanism"));
    }

    @Test
    void parseWhenTheNonceSecretIsAReferenceWithADefaultThenRefusedLikeEverySecret() {
        Map<String, String> params = base();
        params.put("jwt.dpop", "dpop-allowed");
        params.put("jwt.dpop.nonce", "true");
        params.put("jwt.dpop.nonce-secret", "${env:NONCE_SECRET:a-public-default-of-32-bytes-or-more}");

        assertThat(failure(params).problems())
                .anySatisfy(problem -> assertThat(problem).contains("is a secret and takes no default"));
    }

    @Test
    void parseWhenDPoPSettingsCannotWorkTogetherThenProblems() {
        Map<String, String> params = base();
        params.put("jwt.dpop", "dpop-required");
        params.put("jwt.dpop.algorithms", "");
        params.put("jwt.dpop.nonce-lifetime", "1m");
        params.put("jwt.cookie", "__Host-token");

        assertThat(failure(params).problems())
                .anySatisfy(problem -> assertThat(problem).contains("no DPoP proof algorithm allowed"))
                .anySatisfy(problem -> assertThat(problem).contains("lifetime is set but nonces are off"))
                .anySatisfy(problem -> assertThat(problem).contains("A token cookie can never work"));
    }

    @Test
    void parseWhenResourceMetadataIsOnThenTheResourceDefaultsToTheHttpsAudienceAndTheSuffixFollowsItsPath() {
        Map<String, String> params = base();
        params.put("jwt.issuer", "https://issuer.example");
        params.put("jwt.audiences", "orders-api, https://api.example.com/orders");
        params.put("jwt.resource-metadata", "true");

        dev.jwtfilter.config.ResourceMetadata metadata =
                parser.parse(params).resourceMetadata().orElseThrow();

        assertThat(metadata.resource()).isEqualTo(java.net.URI.create("https://api.example.com/orders"));
        assertThat(metadata.path()).isEqualTo("/.well-known/oauth-protected-resource/orders");
        assertThat(metadata.url()).isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/orders");
        assertThat(metadata.document()).contains("\"authorization_servers\":[\"https://issuer.example\"]");
        assertThat(parser.parse(base()).resourceMetadata()).isEmpty();
    }

    @Test
    void parseWhenResourceMetadataCannotBeMadeThenEveryProblemIsNamed() {
        Map<String, String> noUrl = base();
        noUrl.put("jwt.resource-metadata", "true");
        Map<String, String> wrong = base();
        wrong.put("jwt.resource-metadata", "true");
        wrong.put("jwt.resource", "http://api.example.com/x?y=1");
        Map<String, String> off = base();
        off.put("jwt.resource.scopes", "a");
        Map<String, String> badScope = base();
        badScope.put("jwt.issuer", "jwt-demo");
        badScope.put("jwt.resource-metadata", "true");
        badScope.put("jwt.resource", "https://api.example.com");
        badScope.put("jwt.resource.scopes", "read \"all\"");

        assertThat(failure(noUrl).problems())
                .anySatisfy(problem -> assertThat(problem).contains("no audience is an https URL"));
        assertThat(failure(wrong).problems())
                .anySatisfy(problem -> assertThat(problem).contains("jwt.resource must be an https URL"));
        assertThat(failure(off).problems())
                .anySatisfy(problem -> assertThat(problem).contains("apply only with jwt.resource-metadata=true"));
        assertThat(failure(badScope).problems())
                .anySatisfy(problem -> assertThat(problem).contains("needs at least one issuer that is an https URL"))
                .anySatisfy(problem -> assertThat(problem).contains("is not an RFC 6749 scope token"));
    }

    @Test
    void parseWhenStepUpEntriesGivenThenConfigHoldsThemInOrder() {
        Map<String, String> params = base();
        params.put("jwt.step-up", "fresh, strong");
        params.put("jwt.step-up.fresh.paths", "/admin/*, *.csv");
        params.put("jwt.step-up.fresh.max-age", "5m");
        params.put("jwt.step-up.strong.paths", "/admin/keys");
        params.put("jwt.step-up.strong.acr", "phr, phrh");

        JwtConfig config = parser.parse(params);

        assertThat(config.stepUpPaths())
                .containsExactly(
                        new StepUpPath(
                                "fresh",
                                java.util.List.of("/admin/*", "*.csv"),
                                java.util.Set.of(),
                                java.util.Optional.of(java.time.Duration.ofMinutes(5))),
                        new StepUpPath(
                                "strong",
                                java.util.List.of("/admin/keys"),
                                java.util.Set.of("phr", "phrh"),
                                java.util.Optional.empty()));
        assertThat(config.stepUpPaths().get(1).acr()).containsExactly("phr", "phrh");
    }

    @Test
    void parseWhenStepUpEntriesAreWrongThenEveryProblemIsNamed() {
        Map<String, String> params = base();
        params.put("jwt.step-up", "empty, bad, twice, twice");
        params.put("jwt.step-up.empty.paths", "/a");
        params.put("jwt.step-up.bad.paths", "/b/*/c");
        params.put("jwt.step-up.bad.acr", "a\\b");
        params.put("jwt.step-up.bad.max-age", "soon");
        params.put("jwt.step-up.twice.max-age", "-5");
        params.put("jwt.step-up.twice.scope", "x");
        params.put("jwt.step-up.other.paths", "/o");

        assertThat(failure(params).problems())
                .anySatisfy(problem -> assertThat(problem).contains("'empty': requires nothing"))
                .anySatisfy(problem -> assertThat(problem).contains("path '/b/*/c' is not a servlet URL pattern"))
                .anySatisfy(problem -> assertThat(problem).contains("acr values must be printable ASCII"))
                .anySatisfy(problem -> assertThat(problem).contains("'jwt.step-up.bad.max-age'"))
                .anySatisfy(problem -> assertThat(problem).contains("listed twice"))
                .anySatisfy(problem -> assertThat(problem).contains("'twice': no paths"))
                .anySatisfy(problem -> assertThat(problem).contains("max-age must be zero or positive"))
                .anySatisfy(problem -> assertThat(problem).contains("'jwt.step-up.twice.scope'"))
                .anySatisfy(problem -> assertThat(problem).contains("'jwt.step-up.other.paths' belongs to no step-up"));
    }
}
