package dev.jwtfilter.keys;

import static dev.jwtfilter.TestConfigs.own;
import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.DocumentServer;
import dev.jwtfilter.LogCapture;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigParser;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys found from the issuer alone (OpenID Connect Discovery, RFC 8414), and the local JWK set fallback,
 * against a real local provider that serves a discovery document and a JWKS.
 */
class OidcDiscoveryTest {
    private static final String OIDC_PATH = "/realms/shop/.well-known/openid-configuration";
    private static final String JWKS_PATH = "/realms/shop/protocol/openid-connect/certs";
    private static final JwksOptions FAST_RETRY = JwksOptions.defaults().withRateLimit(Duration.ofMillis(1));

    private DocumentServer provider;
    private String issuer;

    @BeforeEach
    void startProvider() throws Exception {
        provider = new DocumentServer();
        issuer = provider.base() + "/realms/shop";
        provider.put(JWKS_PATH, TestKeys.publicJwks(TestKeys.RSA));
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    private String discoveryDocument(String declaredIssuer) {
        return "{\"issuer\":\"" + declaredIssuer + "\",\"jwks_uri\":\"" + provider.base() + JWKS_PATH
                + "\",\"token_endpoint\":\"" + provider.base() + "/realms/shop/token\"}";
    }

    private NimbusTokenVerifier verifier(JwksOptions options) {
        return new NimbusTokenVerifier(JwtConfig.builder()
                .issuer(issuer)
                .audiences(TestTokens.AUDIENCE)
                .jwksOptions(options)
                .discoverKeysFromIssuer()
                .build()
                .ownIssuer()
                .orElseThrow());
    }

    private String token(RSAKey key) {
        return TestTokens.sign(
                key, JWSAlgorithm.RS256, claimsAt(Instant.now()).issuer(issuer).build());
    }

    private static void assertFailure(NimbusTokenVerifier verifier, String token, Failure failure) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.failure()).isEqualTo(failure));
    }

    @Test
    void verifyWhenProviderPublishesDiscoveryThenJwksFoundLazilyAndOnce() throws Exception {
        provider.put(OIDC_PATH, discoveryDocument(issuer));
        NimbusTokenVerifier verifier = verifier(JwksOptions.defaults());
        assertThat(provider.requests(OIDC_PATH)).isZero(); // nothing fetched at start-up

        assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
        assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");

        assertThat(provider.requests(OIDC_PATH)).isEqualTo(1);
        assertThat(provider.requests(JWKS_PATH)).isEqualTo(1);
    }

    /**
     * Keys found through discovery get the checks of configured keys, like those of a named JWKS: a 1024-bit RSA key
     * in the discovered set is dropped with a warning naming it, and the good key beside it still verifies.
     */
    @Test
    void verifyWhenDiscoveredJwksServesA1024BitKeyThenItIsDroppedWithAWarningAndTheGoodKeyStillVerifies()
            throws Exception {
        RSAKey weak = TestKeys.rsa("weak-1", 1024);
        provider.put(JWKS_PATH, TestKeys.publicJwks(weak, TestKeys.RSA));
        provider.put(OIDC_PATH, discoveryDocument(issuer));
        try (LogCapture log = new LogCapture(RemoteKeys.class.getName())) {
            NimbusTokenVerifier verifier = verifier(JwksOptions.defaults());

            assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
            assertFailure(verifier, weakToken(weak), Failure.INVALID);
            assertThat(log.lines())
                    .anySatisfy(line -> assertThat(line).contains("'weak-1'").contains("1024 bits"));
        }
    }

    private String weakToken(RSAKey weak) throws Exception {
        SignedJWT jwt = new SignedJWT(
                TestTokens.header(JWSAlgorithm.RS256, weak).build(),
                claimsAt(Instant.now()).issuer(issuer).build());
        jwt.sign(new RSASSASigner(weak.toPrivateKey(), Set.of(AllowWeakRSAKey.getInstance())));
        return jwt.serialize();
    }

    @Test
    void verifyWhenOnlyRfc8414MetadataThenFoundThere() throws Exception {
        provider.put("/.well-known/oauth-authorization-server/realms/shop", discoveryDocument(issuer));

        assertThat(verifier(JwksOptions.defaults()).verify(token(TestKeys.RSA)).subject())
                .contains("alice");
    }

    @Test
    void verifyWhenDocumentNamesAnotherIssuerThenKeysUnavailableAndJwksNeverFetched() {
        provider.put(OIDC_PATH, discoveryDocument("https://impostor.example/realms/shop"));

        assertFailure(verifier(JwksOptions.defaults()), token(TestKeys.RSA), Failure.KEYS_UNAVAILABLE);
        assertThat(provider.requests(JWKS_PATH)).isZero();
    }

    @Test
    void verifyWhenDocumentHasNoJwksUriThenKeysUnavailable() {
        provider.put(OIDC_PATH, "{\"issuer\":\"" + issuer + "\"}");

        assertFailure(verifier(JwksOptions.defaults()), token(TestKeys.RSA), Failure.KEYS_UNAVAILABLE);
    }

    @Test
    void verifyWhenProviderDownThenKeysUnavailableAndWorksOnceItIsBack() throws Exception {
        provider.put(OIDC_PATH, discoveryDocument(issuer));
        provider.setDown(true);
        NimbusTokenVerifier verifier = verifier(FAST_RETRY);

        assertFailure(verifier, token(TestKeys.RSA), Failure.KEYS_UNAVAILABLE);
        provider.setDown(false);
        Thread.sleep(5); // past the 1 ms retry interval

        assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
    }

    @Test
    void verifyWhenDiscoveredJwksMissingFromTheStartThenKeysUnavailableEveryTimeUntilItIsServed() throws Exception {
        String laterPath = "/realms/shop/certs-later";
        provider.put(OIDC_PATH, discoveryDocument(issuer).replace(JWKS_PATH, laterPath)); // a 404 for now
        NimbusTokenVerifier verifier = verifier(JwksOptions.defaults().withRateLimit(Duration.ofMillis(500)));
        for (int i = 0; i < 10; i++) {
            assertFailure(verifier, token(TestKeys.RSA), Failure.KEYS_UNAVAILABLE); // never INVALID: nothing is held
        }
        provider.put(laterPath, TestKeys.publicJwks(TestKeys.RSA));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JwtVerificationException last = null;
        do {
            try {
                assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
                last = null;
            } catch (JwtVerificationException e) {
                assertThat(e.failure()).isEqualTo(Failure.KEYS_UNAVAILABLE);
                last = e;
            }
        } while (last != null && System.nanoTime() < deadline);

        assertThat(last).isNull();
    }

    @Test
    void verifyWhenDiscoveryFailedRecentlyThenNotRetriedWithinTheRateLimit() {
        provider.setDown(true);
        NimbusTokenVerifier verifier = verifier(JwksOptions.defaults()); // 30 s between attempts

        for (int i = 0; i < 5; i++) {
            assertFailure(verifier, token(TestKeys.RSA), Failure.KEYS_UNAVAILABLE);
        }

        assertThat(provider.requests(OIDC_PATH)).isEqualTo(1);
    }

    @Test
    void verifyWhenTokenSignedByAnotherKeyThenInvalid() {
        provider.put(OIDC_PATH, discoveryDocument(issuer));

        assertFailure(verifier(JwksOptions.defaults()), token(TestKeys.RSA_OTHER), Failure.INVALID);
    }

    @Test
    void buildWhenIssuerIsPlainHttpOffLoopbackThenRefused() {
        assertThatThrownBy(() -> JwtConfig.builder()
                        .issuer("http://idp.example/realms/shop")
                        .audiences(TestTokens.AUDIENCE)
                        .discoverKeysFromIssuer()
                        .build())
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageContaining("https");
    }

    @Test
    void parseWhenDiscoveryKeyThenKeysFromTheIssuer() throws Exception {
        provider.put(OIDC_PATH, discoveryDocument(issuer));
        JwtConfig config = new JwtConfigParser()
                .parse(Map.of(
                        "jwt.issuer", issuer, "jwt.audiences", TestTokens.AUDIENCE, "jwt.oidc.discovery", "true"));

        assertThat(new NimbusTokenVerifier(own(config))
                        .verify(token(TestKeys.RSA))
                        .subject())
                .contains("alice");
    }

    @Test
    void verifyWhenJwksUnreachableFromTheStartThenFallbackFileVerifies(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path fallback = Files.writeString(dir.resolve("fallback-jwks.json"), TestKeys.publicJwks(TestKeys.RSA));
        provider.setDown(true);
        JwtConfig config = new JwtConfigParser()
                .parse(Map.of(
                        "jwt.issuer",
                        issuer,
                        "jwt.audiences",
                        TestTokens.AUDIENCE,
                        "jwt.jwks.uri",
                        provider.base() + JWKS_PATH,
                        "jwt.jwks.fallback-file",
                        fallback.toString()));
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(own(config));

        assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
        assertFailure(verifier, token(TestKeys.RSA_OTHER), Failure.INVALID);
    }

    @Test
    void verifyWhenRefetchRateLimitedThenFallbackKeysAreNotUsed() throws Exception {
        // The provider has withdrawn rsa-1 (say it leaked) and serves rsa-2; the shipped fallback still holds rsa-1.
        provider.put(JWKS_PATH, TestKeys.publicJwks(TestKeys.RSA_SECOND));
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(JwtConfig.builder()
                .issuer(issuer)
                .audiences(TestTokens.AUDIENCE)
                .jwksFallback(TestKeys.publicJwks(TestKeys.RSA))
                .jwksUri(java.net.URI.create(provider.base() + JWKS_PATH))
                .build()
                .ownIssuer()
                .orElseThrow());
        assertThat(verifier.verify(token(TestKeys.RSA_SECOND)).subject()).contains("alice");

        for (int i = 0; i < 5; i++) { // made-up kids, then the withdrawn key: refetches end up rate limited
            assertFailure(verifier, token(TestKeys.rsa("made-up-" + i, 2048)), Failure.INVALID);
            assertFailure(verifier, token(TestKeys.RSA), Failure.INVALID);
        }
    }

    @Test
    void verifyWhenDiscoveryDownAndFallbackGivenThenFallbackVerifies() throws Exception {
        provider.setDown(true);
        JwtConfig config = JwtConfig.builder()
                .issuer(issuer)
                .audiences(TestTokens.AUDIENCE)
                .jwksFallback(TestKeys.publicJwks(TestKeys.RSA))
                .discoverKeysFromIssuer()
                .build();

        assertThat(new NimbusTokenVerifier(own(config))
                        .verify(token(TestKeys.RSA))
                        .subject())
                .contains("alice");
    }

    @Test
    void buildWhenFallbackWithoutRemoteKeysThenRefused() {
        assertThatThrownBy(() -> JwtConfig.builder()
                        .issuer(issuer)
                        .audiences(TestTokens.AUDIENCE)
                        .hmacSecret(TestKeys.HMAC_SECRET)
                        .jwksFallback(TestKeys.publicJwks(TestKeys.RSA))
                        .build())
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageContaining("fallback");
    }
}
