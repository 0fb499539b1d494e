package dev.jwtfilter.config;

import static dev.jwtfilter.TestConfigs.own;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.revoke.InMemoryRevocationList;
import dev.jwtfilter.revoke.RevocationCheck;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtConfigBuilderTest {

    private static InvalidJwtConfigException failure(JwtConfigBuilder builder) {
        return (InvalidJwtConfigException) org.assertj.core.api.Assertions.catchThrowable(builder::build);
    }

    @Test
    void buildWhenDefaultsThenSecureDefaults() {
        JwtConfig config =
                TestTokens.config().jwkSet(TestKeys.publicJwks(TestKeys.RSA)).build();

        assertThat(own(config).clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(own(config).acceptedTypes()).containsExactlyInAnyOrder("JWT", "at+jwt");
        assertThat(own(config).typeRequired()).isFalse();
        assertThat(own(config).principalClaims()).containsExactly("upn", "preferred_username", "sub");
        assertThat(own(config).rolesClaim()).isEqualTo("groups");
        assertThat(config.maxTokenBytes()).isEqualTo(8192);
        assertThat(config.queryParameterAllowed()).isFalse();
        assertThat(config.mode()).isEqualTo(AuthenticationMode.REQUIRED);
        assertThat(config.annotationsEnforced()).isTrue();
        assertThat(own(config).algorithms()).containsExactly(JWSAlgorithm.RS256); // one algorithm per key, RFC 8725 3.1
    }

    @Test
    void buildWhenNothingSetThenEveryProblemReportedAtOnce() {
        InvalidJwtConfigException e =
                failure(JwtConfig.builder().clockSkew(Duration.ofSeconds(-1)).realm("a\"b"));

        assertThat(e.problems())
                .hasSize(5)
                .anyMatch(p -> p.contains("issuer"))
                .anyMatch(p -> p.contains("audience"))
                .anyMatch(p -> p.contains("No key"))
                .anyMatch(p -> p.contains("Clock skew"))
                .anyMatch(p -> p.contains("Realm"));
    }

    @Test
    void buildWhenClockSkewHasAFractionOfASecondThenRefusedSharedAndPerEntry() {
        InvalidJwtConfigException shared =
                failure(TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET).clockSkew(Duration.ofMillis(1500)));
        InvalidJwtConfigException entry = failure(TestTokens.config()
                .hmacSecret(TestKeys.HMAC_SECRET)
                .trustedIssuer(
                        "partner",
                        b -> b.issuer("https://partner.example")
                                .audiences("orders-api")
                                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                                .clockSkew(Duration.ofMillis(500))));

        assertThat(shared.problems()).containsExactly("jwt.clock-skew must be whole seconds (got 1500 ms)");
        assertThat(entry.problems())
                .containsExactly("Issuer entry 'partner': jwt.clock-skew must be whole seconds (got 500 ms)");
        assertThat(own(TestTokens.config()
                                .hmacSecret(TestKeys.HMAC_SECRET)
                                .clockSkew(Duration.ofMillis(2000))
                                .build())
                        .clockSkew())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void buildWhenRfc9068ProfileThenAtJwtRequiredAndItsClaimsRequiredAndEntriesInheritIt() {
        JwtConfig config = TestTokens.config()
                .hmacSecret(TestKeys.HMAC_SECRET)
                .profile(JwtProfile.RFC9068)
                .requiredClaims(List.of("tenant"))
                .trustedIssuer(
                        "partner",
                        b -> b.issuer("https://partner.example")
                                .audiences("orders-api")
                                .jwkSet(TestKeys.publicJwks(TestKeys.RSA)))
                .trustedIssuer(
                        "legacy",
                        b -> b.issuer("https://legacy.example")
                                .audiences("orders-api")
                                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                                .profile(JwtProfile.NONE))
                .build();

        assertThat(own(config).stringClaims()).isEqualTo(JwtProfile.RFC9068.stringClaims());
        assertThat(own(config).acceptedTypes()).containsExactly("at+jwt");
        assertThat(own(config).typeRequired()).isTrue();
        assertThat(own(config).requiredClaims())
                .containsExactlyInAnyOrder("iss", "exp", "aud", "sub", "client_id", "iat", "jti", "tenant");
        assertThat(config.trustedIssuers().get(1).requiredClaims()).contains("client_id");
        assertThat(config.trustedIssuers().get(2).acceptedTypes()).containsExactlyInAnyOrder("JWT", "at+jwt");
        assertThat(config.trustedIssuers().get(2).requiredClaims()).containsExactly("tenant");
    }

    @Test
    void buildWhenRfc9068ProfileAndTypeRulesOnTheSameBuilderThenRefused() {
        InvalidJwtConfigException e = failure(TestTokens.config()
                .hmacSecret(TestKeys.HMAC_SECRET)
                .profile(JwtProfile.RFC9068)
                .acceptedTypes(List.of("JWT")));

        assertThat(e.problems())
                .containsExactly("jwt.types and jwt.type-required cannot be combined with "
                        + "jwt.profile=rfc9068, which accepts and requires typ at+jwt only");
        assertThat(own(TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET).build())
                        .stringClaims())
                .isEmpty();
    }

    @Test
    void buildWhenHmacSecretShorterThan256BitsThenRefusedWithoutEchoingIt() {
        InvalidJwtConfigException e = failure(TestTokens.config().hmacSecret("short-secret-31-bytes-long-----"));

        assertThat(e.getMessage()).contains("at least 256 bits").doesNotContain("short-secret");
    }

    @Test
    void buildWhenRsaKeyUnder2048BitsThenRefused() {
        assertThat(failure(TestTokens.config().jwkSet(TestKeys.publicJwks(TestKeys.rsa("small", 1024))))
                        .getMessage())
                .contains("1024 bits");
    }

    @Test
    void buildWhenAlgorithmNoneOrFamilyMismatchThenRefused() {
        JwtConfigBuilder builder = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .algorithms(List.of(new JWSAlgorithm("none"), JWSAlgorithm.HS256, JWSAlgorithm.ES256));

        assertThat(failure(builder).problems())
                .hasSize(3)
                .anyMatch(p -> p.contains("'none'"))
                .anyMatch(p -> p.contains("HS256"))
                .anyMatch(p -> p.contains("ES256"));
    }

    @Test
    void buildWhenTwoKeySourcesThenRefused() {
        JwtConfigBuilder builder =
                TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET).publicKeyPem(TestKeys.rsaPem());

        assertThat(failure(builder).getMessage()).contains("More than one key source");
    }

    @Test
    void buildWhenPrivateJwkGivenThenOnlyItsPublicPartIsKept() {
        JwtConfig config =
                TestTokens.config().jwkSet(TestKeys.RSA.toJSONString()).build();

        assertThat(own(config).algorithms()).contains(JWSAlgorithm.RS256);
    }

    @Test
    void buildWhenJwksOverPlainHttpToRemoteHostThenRefused() {
        assertThat(failure(TestTokens.config().jwksUri(URI.create("http://idp.example/jwks")))
                        .getMessage())
                .contains("must use https");
        assertThat(own(TestTokens.config()
                                .jwksUri(URI.create("http://127.0.0.1:1/jwks"))
                                .build())
                        .algorithms())
                .containsExactly(JWSAlgorithm.RS256);
    }

    @Test
    void buildWhenHmacAllowedWithRemoteJwksThenRefused() {
        JwtConfigBuilder builder = TestTokens.config()
                .algorithms(List.of(JWSAlgorithm.RS256, JWSAlgorithm.HS256))
                .jwksUri(URI.create("https://idp.example/jwks"));

        assertThat(failure(builder).getMessage()).contains("HMAC algorithms cannot be allowed with a remote JWKS");
    }

    @Test
    void buildWhenPublicPathIsNotAUrlPatternThenRefused() {
        JwtConfigBuilder builder = TestTokens.config()
                .hmacSecret(TestKeys.HMAC_SECRET)
                .publicPaths(List.of("/ok", "/ok/*", "*.css", "no-slash", "/a/*/b", "*.a/b"));

        assertThat(failure(builder).problems()).hasSize(3);
    }

    @Test
    void buildWhenRolesClaimPathMalformedThenRefused() {
        assertThat(failure(TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET).rolesClaim("realm_access..roles"))
                        .getMessage())
                .contains("Roles claim");
    }

    @Test
    void buildWhenTokenCookieConfiguredThenCsrfCheckOnWithCookieNamedAfterItsPrefix() {
        JwtConfigBuilder builder = TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET);

        JwtConfig host = builder.cookieName("__Host-at").build();
        assertThat(host.cookieCsrf()).isTrue();
        assertThat(host.csrfHeaderName()).isEqualTo("X-CSRF-Token");
        assertThat(host.csrfCookieName()).isEqualTo("__Host-csrf");
        assertThat(builder.cookieName("__Secure-at").build().csrfCookieName()).isEqualTo("__Secure-csrf");
        assertThat(builder.cookieName("at").build().csrfCookieName()).isEqualTo("csrf");
    }

    @Test
    void buildWhenCsrfNamesInvalidThenRefused() {
        JwtConfigBuilder builder =
                TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET).cookieName("csrf");

        assertThat(failure(builder).problems())
                .containsExactly("CSRF cookie name must differ from the token cookie name");
        assertThat(failure(builder.csrfCookieName("a;b").csrfHeaderName("")).problems())
                .containsExactlyInAnyOrder(
                        "CSRF header name is not a valid header name", "CSRF cookie name is not a valid cookie token");
    }

    @Test
    void buildWhenPemIsAPrivateKeyThenRefused() {
        String privatePem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";

        assertThat(failure(TestTokens.config().publicKeyPem(privatePem)).getMessage())
                .contains("never a private key");
    }

    @Test
    void buildWhenNoRevocationConfiguredThenNothingIsRevokedAndDefaultsHold() {
        JwtConfig config = TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET).build();

        assertThat(config.revocationCheck()).isSameAs(RevocationCheck.NONE);
        assertThat(config.revocationList()).isEmpty();
        assertThat(config.revocationCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.revocationJtiRequired()).isTrue();
    }

    @Test
    void buildWhenRevocationCacheTtlZeroThenTheListIsAskedDirectly() {
        InMemoryRevocationList list = new InMemoryRevocationList(TestTokens.CLOCK);

        JwtConfig config = TestTokens.config()
                .hmacSecret(TestKeys.HMAC_SECRET)
                .revocationList(list)
                .revocationCacheTtl(Duration.ZERO)
                .build();

        assertThat(config.revocationList()).containsSame(list);
    }

    @Test
    void buildWhenCustomRevocationCheckThenUsedAsItIsButNotWithAListToo() {
        RevocationCheck custom = jwt -> jwt.subject().map("mallory"::equals).orElse(false);

        assertThat(TestTokens.config()
                        .hmacSecret(TestKeys.HMAC_SECRET)
                        .revocationCheck(custom)
                        .build()
                        .revocationCheck())
                .isSameAs(custom);
        assertThat(failure(TestTokens.config()
                                .hmacSecret(TestKeys.HMAC_SECRET)
                                .revocationCheck(custom)
                                .revocationList(new InMemoryRevocationList(TestTokens.CLOCK)))
                        .getMessage())
                .contains("Both a revocation list and a revocation check configured");
        assertThat(failure(TestTokens.config()
                                .hmacSecret(TestKeys.HMAC_SECRET)
                                .revocationCheck(custom)
                                .revocationJtiRequired(false))
                        .getMessage())
                .contains("apply to a revocation list only");
    }
}
