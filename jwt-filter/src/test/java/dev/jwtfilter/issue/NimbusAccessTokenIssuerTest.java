package dev.jwtfilter.issue;

import static dev.jwtfilter.TestConfigs.own;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.MutableClock;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.principal.PrincipalMapping;
import dev.jwtfilter.proof.DPoPBinding;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NimbusAccessTokenIssuerTest {
    private final MutableClock clock = new MutableClock(TestTokens.NOW);

    private JwtConfig config(SigningKeySet keys) {
        return TestTokens.config().clock(clock).keys(keys.verificationKeys()).build();
    }

    private JwtPrincipal roundTrip(JwtConfig config, String token) throws JwtVerificationException {
        return new PrincipalMapping(own(config)).toPrincipal(new NimbusTokenVerifier(own(config)).verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512", "RS256", "RS512", "PS256", "ES256", "ES384", "ES512"})
    void issueWhenAnySupportedAlgorithmThenTheFilterVerifierAcceptsIt(String alg) throws Exception {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.parse(alg));
        JwtConfig config = config(keys);
        IssuedAccessToken issued = new NimbusAccessTokenIssuer(config, keys, NimbusAccessTokenIssuer.DEFAULT_LIFETIME)
                .issue(AccessTokenRequest.of("u-42", "alice", Set.of("user", "admin")));

        JwtPrincipal principal = roundTrip(config, issued.token());

        assertThat(principal.getName()).isEqualTo("alice");
        assertThat(principal.getRoles()).containsExactlyInAnyOrder("user", "admin");
        assertThat(principal.getJwt().subject()).contains("u-42");
        assertThat(principal.getJwt().algorithm()).isEqualTo(alg);
    }

    @Test
    void issueWhenDefaultsThenRfc9068HeaderAndAllClaims() throws Exception {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.RS256);
        IssuedAccessToken issued = new NimbusAccessTokenIssuer(
                        config(keys), keys, NimbusAccessTokenIssuer.DEFAULT_LIFETIME)
                .issue(new AccessTokenRequest("u-42", "alice", Set.of("user"), Map.of("tenant", "acme")));

        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.activeKey().getKeyID());
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(TestTokens.ISSUER);
        assertThat(claims.getAudience()).containsExactly(TestTokens.AUDIENCE);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(TestTokens.NOW);
        assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(TestTokens.NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(TestTokens.NOW.plus(Duration.ofMinutes(15)));
        assertThat(claims.getJWTID()).isEqualTo(issued.id()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(claims.getStringClaim("upn")).isEqualTo("alice");
        assertThat(claims.getStringListClaim("groups")).containsExactly("user");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(issued.expiresInSeconds()).isEqualTo(900);
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void issueWhenClientIdGivenThenTokenPassesTheRfc9068ProfileAndWithoutItFails() throws Exception {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.ES256);
        JwtConfig profiled = TestTokens.config()
                .clock(clock)
                .keys(keys.verificationKeys())
                .profile(dev.jwtfilter.config.JwtProfile.RFC9068)
                .build();
        NimbusAccessTokenIssuer issuer = new NimbusAccessTokenIssuer(profiled, keys, Duration.ofMinutes(5));

        String token = issuer.issue(
                        AccessTokenRequest.of("u-42", "alice", Set.of()).withClientId("orders-web"))
                .token();
        String withoutClient =
                issuer.issue(AccessTokenRequest.of("u-42", "alice", Set.of())).token();

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("client_id"))
                .isEqualTo("orders-web");
        assertThat(roundTrip(profiled, token).getJwt().subject()).contains("u-42");
        assertThatThrownBy(() -> roundTrip(profiled, withoutClient)).isInstanceOf(JwtVerificationException.class);
    }

    @Test
    void issueWhenCalledTwiceThenDistinctJti() {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.ES256);
        NimbusAccessTokenIssuer issuer = new NimbusAccessTokenIssuer(config(keys), keys, Duration.ofMinutes(5));

        assertThat(issuer.issue(AccessTokenRequest.of("a", null, Set.of())).id())
                .isNotEqualTo(
                        issuer.issue(AccessTokenRequest.of("a", null, Set.of())).id());
    }

    @Test
    void issueWhenLifetimeOverThenVerifierSaysExpired() {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.RS256);
        JwtConfig config = config(keys);
        String token = new NimbusAccessTokenIssuer(config, keys, Duration.ofMinutes(15))
                .issue(AccessTokenRequest.of("a", null, Set.of()))
                .token();

        clock.advance(Duration.ofMinutes(17));

        assertThatThrownBy(() -> roundTrip(config, token))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.failure()).isEqualTo(JwtVerificationException.Failure.EXPIRED));
    }

    @Test
    void issueWhenKeysRotatedThenTokensInFlightStillVerifyAndNewOnesUseTheNewKid() throws Exception {
        SigningKeySet first = SigningKeySet.generate(JWSAlgorithm.RS256);
        String inFlight = new NimbusAccessTokenIssuer(config(first), first, Duration.ofMinutes(15))
                .issue(AccessTokenRequest.of("a", null, Set.of()))
                .token();
        SigningKeySet rotated = first.rotate();
        JwtConfig afterRotation = config(rotated);

        String fresh = new NimbusAccessTokenIssuer(afterRotation, rotated, Duration.ofMinutes(15))
                .issue(AccessTokenRequest.of("b", null, Set.of()))
                .token();

        assertThat(roundTrip(afterRotation, inFlight).getName()).isEqualTo("a");
        assertThat(roundTrip(afterRotation, fresh).getJwt().keyId())
                .contains(rotated.activeKey().getKeyID());
        JwtConfig afterRetirement = config(rotated.withoutKey(first.activeKey().getKeyID()));
        assertThatThrownBy(() -> roundTrip(afterRetirement, inFlight)).isInstanceOf(JwtVerificationException.class);
    }

    @Test
    void issueWhenExtraClaimWouldReplaceARegisteredOneThenRefused() {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.ES256);
        NimbusAccessTokenIssuer issuer = new NimbusAccessTokenIssuer(config(keys), keys, Duration.ofMinutes(5));

        for (String claim : List.of("sub", "exp", "aud", "groups", "upn", "client_id")) {
            assertThatThrownBy(() -> issuer.issue(new AccessTokenRequest("a", null, Set.of(), Map.of(claim, "x"))))
                    .hasMessageContaining(claim);
        }
    }

    @Test
    void constructWhenRolesClaimIsNestedThenRefused() {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.ES256);
        JwtConfig nested = TestTokens.config()
                .keys(keys.verificationKeys())
                .rolesClaim("realm_access.roles")
                .build();

        assertThatThrownBy(() -> new NimbusAccessTokenIssuer(nested, keys, Duration.ofMinutes(5)))
                .hasMessageContaining("top-level");
    }

    @Test
    void issueWhenDPoPThumbprintGivenThenCnfJktIsThatThumbprintAndTheVerifierSeesTheBinding() throws Exception {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.ES256);
        JwtConfig config = config(keys);
        ECKey clientKey = new ECKeyGenerator(Curve.P_256).generate();
        String thumbprint = clientKey.toPublicJWK().computeThumbprint().toString();
        NimbusAccessTokenIssuer issuer = new NimbusAccessTokenIssuer(config, keys, Duration.ofMinutes(5));

        String bound = issuer.issue(AccessTokenRequest.of("u-42", "alice", Set.of())
                        .withClientId("web")
                        .withDPoPThumbprint(thumbprint))
                .token();

        assertThat(issuer.issue(AccessTokenRequest.of("u", null, Set.of()).withDPoPThumbprint(thumbprint))
                        .tokenType())
                .isEqualTo("DPoP");
        assertThat(SignedJWT.parse(bound).getJWTClaimsSet().getJSONObjectClaim("cnf"))
                .isEqualTo(Map.of("jkt", thumbprint));
        assertThat(DPoPBinding.boundThumbprint(roundTrip(config, bound).getJwt()))
                .contains(thumbprint);
    }

    @Test
    void issueWhenNoDPoPThumbprintThenNoCnfClaim() throws Exception {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.ES256);
        String token = new NimbusAccessTokenIssuer(config(keys), keys, Duration.ofMinutes(5))
                .issue(AccessTokenRequest.of("u-42", "alice", Set.of()).withClientId("web"))
                .token();

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaims()).doesNotContainKey("cnf");
        assertThat(new NimbusAccessTokenIssuer(config(keys), keys, Duration.ofMinutes(5))
                        .issue(AccessTokenRequest.of("u", null, Set.of()))
                        .tokenType())
                .isEqualTo("Bearer");
    }

    @Test
    void issueWhenBoundAndAnExtraCnfClaimThenRefusedButAnUnboundTokenMayCarryOne() throws Exception {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.ES256);
        NimbusAccessTokenIssuer issuer = new NimbusAccessTokenIssuer(config(keys), keys, Duration.ofMinutes(5));
        String thumbprint = TestKeys.EC.computeThumbprint().toString();
        AccessTokenRequest withCnf =
                new AccessTokenRequest("a", null, Set.of(), Map.of("cnf", Map.of("x5t#S256", "abc")));

        assertThatThrownBy(() -> issuer.issue(withCnf.withDPoPThumbprint(thumbprint)))
                .hasMessageContaining("cnf");
        assertThat(SignedJWT.parse(issuer.issue(withCnf).token())
                        .getJWTClaimsSet()
                        .getJSONObjectClaim("cnf"))
                .containsEntry("x5t#S256", "abc");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "short",
                "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I=",
                "0ZcOCORZNYy+DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
            })
    void withDPoPThumbprintWhenNotABase64UrlSha256ThenRefused(String thumbprint) {
        AccessTokenRequest request = AccessTokenRequest.of("a", null, Set.of());

        assertThatThrownBy(() -> request.withDPoPThumbprint(thumbprint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dpopThumbprint");
    }

    @Test
    void issueWhenAuthenticationGivenThenAuthTimeIsTheLoginsNumericDateAndAcrIsCarried() throws Exception {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.ES256);
        Instant login = TestTokens.NOW.minus(Duration.ofMinutes(10)).plusMillis(750);

        String token = new NimbusAccessTokenIssuer(config(keys), keys, Duration.ofMinutes(5))
                .issue(AccessTokenRequest.of("u-42", "alice", Set.of()).withAuthentication(login, "urn:test:acr:pwd"))
                .token();

        Map<String, Object> json = SignedJWT.parse(token).getJWTClaimsSet().toJSONObject();
        assertThat(json.get("auth_time")).isEqualTo(login.getEpochSecond());
        assertThat(json.get("acr")).isEqualTo("urn:test:acr:pwd");
        assertThat(json.get("iat")).isEqualTo(TestTokens.NOW.getEpochSecond());
    }

    @Test
    void withAuthenticationWhenNoAcrThenOnlyAuthTimeAndAnEarlierAcrIsDropped() {
        AccessTokenRequest request = new AccessTokenRequest("a", null, Set.of(), Map.of("acr", "old", "tenant", "t"));

        AccessTokenRequest stepped = request.withAuthentication(TestTokens.NOW, null);

        assertThat(stepped.extraClaims())
                .containsEntry("auth_time", TestTokens.NOW.getEpochSecond())
                .containsEntry("tenant", "t")
                .doesNotContainKey("acr");
    }
}
