package dev.jwtfilter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jwtfilter.DocumentServer;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigParser;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.revoke.InMemoryRevocationList;
import dev.jwtfilter.verify.TrustedIssuer;
import dev.jwtfilter.web.internal.AuthenticatedRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several trusted issuers, each with its own keys, audience and role mapping: a token is routed by its
 * {@code iss} and verified against that issuer's rules only.
 */
class MultiIssuerTest {
    private static final String STAFF = "https://staff.example";
    private static final String PARTNERS = "https://partners.example";

    /** Staff tokens: HMAC, audience orders-api, roles in groups. Partner tokens: RSA, audience partner-api, Keycloak roles. */
    private static JwtConfig twoIssuers() {
        return JwtConfig.builder()
                .clock(TestTokens.CLOCK)
                .trustedIssuer(
                        "staff", b -> b.issuer(STAFF).audiences("orders-api").hmacSecret(TestKeys.HMAC_SECRET))
                .trustedIssuer(
                        "partners",
                        b -> b.issuer(PARTNERS)
                                .audiences("partner-api")
                                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                                .rolesClaim("realm_access.roles")
                                .principalClaims(List.of("preferred_username")))
                .build();
    }

    private static JWTClaimsSet.Builder claims(String issuer, String audience) {
        Instant now = TestTokens.NOW;
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("u-1")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String staffToken(JWTClaimsSet claims) {
        return TestTokens.sign(TestKeys.HMAC, JWSAlgorithm.HS256, claims);
    }

    private static String partnerToken(JWTClaimsSet claims) {
        return TestTokens.sign(TestKeys.RSA, JWSAlgorithm.RS256, claims);
    }

    private static void assertInvalid(AuthenticationOutcome outcome) {
        assertThat(outcome).isEqualTo(new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN));
    }

    @Test
    void authenticateWhenTokensFromEachIssuerThenEachMappedByItsOwnRules() {
        JwtAuthenticator authenticator = new JwtAuthenticator(twoIssuers());

        AuthenticationOutcome staff = authenticator.authenticate(staffToken(claims(STAFF, "orders-api")
                .claim("upn", "alice")
                .claim("groups", List.of("clerk"))
                .build()));
        AuthenticationOutcome partner = authenticator.authenticate(partnerToken(claims(PARTNERS, "partner-api")
                .claim("preferred_username", "bob")
                .claim("realm_access", Map.of("roles", List.of("reseller")))
                .build()));

        assertThat(staff).isInstanceOfSatisfying(AuthenticationOutcome.Authenticated.class, a -> {
            assertThat(a.principal().getName()).isEqualTo("alice");
            assertThat(a.principal().getRoles()).containsExactly("clerk");
        });
        assertThat(partner).isInstanceOfSatisfying(AuthenticationOutcome.Authenticated.class, a -> {
            assertThat(a.principal().getName()).isEqualTo("bob");
            assertThat(a.principal().getRoles()).containsExactly("reseller");
        });
    }

    private static JwtPrincipal principalOf(AuthenticationOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        return ((AuthenticationOutcome.Authenticated) outcome).principal();
    }

    /** Both issuers name their user {@code alice} through {@code preferred_username}, with the same roles. */
    private static List<JwtPrincipal> twoAlices(JwtConfig config) {
        JwtAuthenticator authenticator = new JwtAuthenticator(config);
        JwtPrincipal staff = principalOf(authenticator.authenticate(staffToken(claims(STAFF, "orders-api")
                .claim("preferred_username", "alice")
                .claim("groups", List.of("user"))
                .build())));
        JwtPrincipal partner = principalOf(authenticator.authenticate(partnerToken(claims(PARTNERS, "partner-api")
                .claim("preferred_username", "alice")
                .claim("realm_access", Map.of("roles", List.of("user")))
                .build())));
        return List.of(staff, partner);
    }

    @Test
    void authenticateWhenTwoIssuersNameTheSameUserThenThePrincipalsDiffer() {
        List<JwtPrincipal> alices = twoAlices(twoIssuers());

        assertThat(alices.get(0)).isNotEqualTo(alices.get(1));
        assertThat(alices).extracting(JwtPrincipal::getIssuer).containsExactly(STAFF, PARTNERS);
    }

    @Test
    void authenticateWhenAnEntryHasANamePrefixThenItsUsersNeverShareANameWithAnotherIssuers() {
        JwtConfig config = JwtConfig.builder()
                .clock(TestTokens.CLOCK)
                .trustedIssuer(
                        "staff", b -> b.issuer(STAFF).audiences("orders-api").hmacSecret(TestKeys.HMAC_SECRET))
                .trustedIssuer(
                        "partners",
                        b -> b.issuer(PARTNERS)
                                .audiences("partner-api")
                                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                                .rolesClaim("realm_access.roles")
                                .namePrefix("partners:"))
                .build();
        List<JwtPrincipal> alices = twoAlices(config);
        HttpServletRequest container = mock(HttpServletRequest.class);

        assertThat(alices).extracting(JwtPrincipal::getName).containsExactly("alice", "partners:alice");
        AuthenticatedRequest partnerRequest = new AuthenticatedRequest(container, alices.get(1));
        assertThat(partnerRequest.getRemoteUser()).isEqualTo("partners:alice");
        assertThat(partnerRequest.getUserPrincipal().getName()).isEqualTo("partners:alice");
        assertThat(alices.get(1).getClaim("preferred_username")).contains("alice");
    }

    @Test
    void parseWhenNamePrefixSharedAndPerEntryThenTheEntrysOwnWins() {
        Map<String, String> params = webXml();
        params.put("jwt.name-prefix", "shared:");
        params.put("jwt.issuers.partners.name-prefix", "partners:");
        params.remove("jwt.issuers.partners.principal-claims");
        JwtConfig config =
                new JwtConfigParser().parse(params, JwtConfig.builder().clock(TestTokens.CLOCK));

        assertThat(config.trustedIssuers())
                .extracting(TrustedIssuer::namePrefix)
                .containsExactly("shared:", "partners:");
        assertThat(twoAlices(config))
                .extracting(JwtPrincipal::getName)
                .containsExactly("shared:alice", "partners:alice");
    }

    @Test
    void revokeWhenAnEntryToleratesMoreSkewThanTheSharedOneThenTheRevocationLastsAsLongAsItsTokenIsAccepted() {
        dev.jwtfilter.MutableClock clock = new dev.jwtfilter.MutableClock(TestTokens.NOW);
        InMemoryRevocationList list = new InMemoryRevocationList(clock);
        JwtConfig config = JwtConfig.builder()
                .clock(clock)
                .revocationList(list)
                .revocationCacheTtl(Duration.ZERO)
                .trustedIssuer(
                        "staff", b -> b.issuer(STAFF).audiences("orders-api").hmacSecret(TestKeys.HMAC_SECRET))
                .trustedIssuer(
                        "partners",
                        b -> b.issuer(PARTNERS)
                                .audiences("partner-api")
                                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                                .clockSkew(Duration.ofMinutes(10)))
                .build();
        JwtAuthenticator authenticator = new JwtAuthenticator(config);
        String partner =
                partnerToken(claims(PARTNERS, "partner-api").jwtID("p-1").build()); // exp in 5 minutes
        JwtPrincipal principal = principalOf(authenticator.authenticate(partner));
        assertThat(config.revocationList().orElseThrow().revoke(principal.getJwt(), config.maxClockSkew()))
                .isTrue();

        clock.advance(Duration.ofMinutes(8)); // past exp plus the shared 60 s, within the entry's 10 minutes
        list.revoke(STAFF, "another", clock.instant().plusSeconds(60)); // a revocation drops entries past their instant

        assertThat(config.maxClockSkew()).isEqualTo(Duration.ofMinutes(10));
        assertInvalid(authenticator.authenticate(partner));
    }

    @Test
    void revokeWhenTwoIssuersUseTheSameJtiThenOnlyTheRevokedIssuersTokenIsRefused() {
        JwtConfig config = JwtConfig.builder()
                .clock(TestTokens.CLOCK)
                .revocationList(new InMemoryRevocationList(TestTokens.CLOCK))
                .trustedIssuer(
                        "staff", b -> b.issuer(STAFF).audiences("orders-api").hmacSecret(TestKeys.HMAC_SECRET))
                .trustedIssuer(
                        "partners",
                        b -> b.issuer(PARTNERS).audiences("partner-api").jwkSet(TestKeys.publicJwks(TestKeys.RSA)))
                .build();
        JwtAuthenticator authenticator = new JwtAuthenticator(config);
        String staff = staffToken(claims(STAFF, "orders-api").jwtID("same-id").build());
        String partner =
                partnerToken(claims(PARTNERS, "partner-api").jwtID("same-id").build());
        JwtPrincipal partnerPrincipal = principalOf(authenticator.authenticate(partner));
        principalOf(authenticator.authenticate(staff));

        config.revocationList().orElseThrow().revoke(partnerPrincipal.getJwt(), config.maxClockSkew());

        assertInvalid(authenticator.authenticate(partner));
        assertThat(authenticator.authenticate(staff))
                .as("a partner's logout never ends a staff session")
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }

    @Test
    void authenticateWhenIssuerClaimsAnotherEntryThenThatEntrysKeysDecideAndRefuse() {
        JwtAuthenticator authenticator = new JwtAuthenticator(twoIssuers());

        // Signed with the staff secret but claiming to be the partner issuer: partner keys are RSA only.
        assertInvalid(authenticator.authenticate(
                staffToken(claims(PARTNERS, "partner-api").build())));
        // Signed with the partner key but claiming to be staff: staff accepts HS256 with its secret only.
        assertInvalid(authenticator.authenticate(
                partnerToken(claims(STAFF, "orders-api").build())));
    }

    @Test
    void authenticateWhenAudienceOfTheOtherIssuerThenRefused() {
        assertInvalid(new JwtAuthenticator(twoIssuers())
                .authenticate(staffToken(claims(STAFF, "partner-api").build())));
    }

    @Test
    void authenticateWhenIssuerTrustedByNoEntryThenInvalid() {
        JwtAuthenticator authenticator = new JwtAuthenticator(twoIssuers());

        assertInvalid(authenticator.authenticate(
                staffToken(claims("https://evil.example", "orders-api").build())));
        assertInvalid(
                authenticator.authenticate(staffToken(claims(null, "orders-api").build())));
        assertInvalid(authenticator.authenticate("not.a.token"));
        assertInvalid(authenticator.authenticate("eyJhbGciOiJub25lIn0.bnVsbA."));
    }

    @Test
    void authenticateWhenOwnIssuerAndAnEntryThenBothAccepted() {
        JwtConfig config = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .trustedIssuer(
                        "staff", b -> b.issuer(STAFF).audiences("orders-api").hmacSecret(TestKeys.HMAC_SECRET))
                .build();
        JwtAuthenticator authenticator = new JwtAuthenticator(config);

        assertThat(authenticator.authenticate(TestTokens.rs256()))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.authenticate(
                        staffToken(claims(STAFF, "orders-api").build())))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(config.trustedIssuers()).extracting(TrustedIssuer::issuer).containsExactly(TestTokens.ISSUER, STAFF);
    }

    @Test
    void authenticateWhenCachedTokenPassesItsIssuersMaximumAgeThenRefusedAsOnAFullVerification() {
        dev.jwtfilter.MutableClock clock = new dev.jwtfilter.MutableClock(TestTokens.NOW);
        JwtAuthenticator authenticator = new JwtAuthenticator(JwtConfig.builder()
                .clock(clock)
                .trustedIssuer(
                        "staff",
                        b -> b.issuer(STAFF)
                                .audiences("orders-api")
                                .hmacSecret(TestKeys.HMAC_SECRET)
                                .maxTokenAge(java.time.Duration.ofMinutes(5))
                                .clockSkew(java.time.Duration.ZERO))
                .build());
        String token = staffToken(claims(STAFF, "orders-api")
                .expirationTime(Date.from(TestTokens.NOW.plusSeconds(3600)))
                .build());
        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);

        clock.advance(java.time.Duration.ofMinutes(30)); // past the entry's 5 minutes; the shared default has no limit

        assertInvalid(authenticator.authenticate(token));
    }

    @Test
    void buildWhenSharedAllowlistDoesNotSuitAnEntrysKeysOrAFallbackBelongsToNoEntryThenRefused() {
        assertThatThrownBy(() -> JwtConfig.builder()
                        .algorithms(List.of(JWSAlgorithm.PS256))
                        .trustedIssuer(
                                "staff",
                                b -> b.issuer(STAFF).audiences("orders-api").hmacSecret(TestKeys.HMAC_SECRET))
                        .build())
                .isInstanceOfSatisfying(
                        InvalidJwtConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p)
                                        .startsWith("Issuer entry 'staff': Algorithm PS256 does not suit")));
        assertThatThrownBy(() -> JwtConfig.builder()
                        .jwksFallback(TestKeys.publicJwks(TestKeys.RSA))
                        .trustedIssuer(
                                "staff",
                                b -> b.issuer(STAFF).audiences("orders-api").hmacSecret(TestKeys.HMAC_SECRET))
                        .build())
                .isInstanceOf(InvalidJwtConfigException.class)
                .hasMessageContaining("fallback set outside any issuer entry");
    }

    @Test
    void buildWhenEntryIncompleteOrIssuerTrustedTwiceThenEveryProblemNamed() {
        assertThatThrownBy(() -> JwtConfig.builder()
                        .trustedIssuer("a", b -> b.issuer(STAFF).audiences("x").hmacSecret(TestKeys.HMAC_SECRET))
                        .trustedIssuer(
                                "b", b -> b.issuer(STAFF).audiences("y").jwkSet(TestKeys.publicJwks(TestKeys.RSA)))
                        .trustedIssuer("c", b -> b.audiences("z"))
                        .build())
                .isInstanceOfSatisfying(
                        InvalidJwtConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p).contains("'" + STAFF + "' is trusted twice"))
                                .anySatisfy(p -> assertThat(p).startsWith("Issuer entry 'c': No issuer configured"))
                                .anySatisfy(p -> assertThat(p).startsWith("Issuer entry 'c': No key configured")));
    }

    private static Map<String, String> webXml() {
        Map<String, String> params = new HashMap<>();
        params.put("jwt.issuers", "staff, partners");
        params.put("jwt.issuers.staff.issuer", STAFF);
        params.put("jwt.issuers.staff.audiences", "orders-api");
        params.put("jwt.issuers.staff.hmac-secret", TestKeys.HMAC_SECRET);
        params.put("jwt.issuers.partners.issuer", PARTNERS);
        params.put("jwt.issuers.partners.audiences", "partner-api");
        params.put("jwt.issuers.partners.public-key", TestKeys.publicJwks(TestKeys.RSA));
        params.put("jwt.issuers.partners.roles-claim", "realm_access.roles");
        params.put("jwt.issuers.partners.principal-claims", "preferred_username");
        params.put("jwt.realm", "shop");
        return params;
    }

    @Test
    void parseWhenIssuerEntriesInWebXmlThenEachVerifiesWithItsOwnRules() {
        JwtConfig config =
                new JwtConfigParser().parse(webXml(), JwtConfig.builder().clock(TestTokens.CLOCK));
        JwtAuthenticator authenticator = new JwtAuthenticator(config);

        assertThat(config.trustedIssuers()).extracting(TrustedIssuer::issuer).containsExactly(STAFF, PARTNERS);
        assertThat(config.realm()).isEqualTo("shop");
        assertThat(authenticator.authenticate(partnerToken(claims(PARTNERS, "partner-api")
                        .claim("preferred_username", "bob")
                        .claim("realm_access", Map.of("roles", List.of("reseller")))
                        .build())))
                .isInstanceOfSatisfying(
                        AuthenticationOutcome.Authenticated.class,
                        a -> assertThat(a.principal().hasRole("reseller")).isTrue());
        assertInvalid(authenticator.authenticate(
                staffToken(claims(PARTNERS, "partner-api").build())));
    }

    @Test
    void parseWhenEntryParametersWrongThenEachNamedAsWritten() {
        Map<String, String> params = webXml();
        params.put("jwt.issuers.staff.cookie", "at");
        params.put("jwt.issuers.ghost.issuer", "https://ghost.example");
        params.put("jwt.issuers.partners.clock-skew", "soon");
        params.put("jwt.issuers.partners.no-such-thing", "1");

        assertThatThrownBy(() -> new JwtConfigParser().parse(params))
                .isInstanceOfSatisfying(
                        InvalidJwtConfigException.class,
                        e -> assertThat(e.problems())
                                .contains(
                                        "Parameter 'jwt.issuers.staff.cookie' cannot be set per issuer (it is shared by all)",
                                        "Parameter 'jwt.issuers.ghost.issuer' belongs to no issuer entry listed in jwt.issuers",
                                        "Parameter 'jwt.issuers.partners.no-such-thing' cannot be set per issuer (it is shared by all)")
                                .anySatisfy(
                                        p -> assertThat(p).startsWith("Parameter 'jwt.issuers.partners.clock-skew':")));
    }

    @Test
    void parseWhenEntryUsesDiscoveryThenItsKeysComeFromItsProvider() throws Exception {
        try (DocumentServer provider = new DocumentServer()) {
            String issuer = provider.base() + "/realms/partners";
            provider.put(
                    "/realms/partners/.well-known/openid-configuration",
                    "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + provider.base() + "/certs\"}");
            provider.put("/certs", TestKeys.publicJwks(TestKeys.EC));
            Map<String, String> params = webXml();
            params.put("jwt.issuers.partners.issuer", issuer);
            params.remove("jwt.issuers.partners.public-key");
            params.put("jwt.issuers.partners.oidc.discovery", "true");
            params.put("jwt.issuers.partners.algorithms", "ES256");
            JwtAuthenticator authenticator = new JwtAuthenticator(
                    new JwtConfigParser().parse(params, JwtConfig.builder().clock(TestTokens.CLOCK)));

            String token = TestTokens.sign(
                    (JWK) TestKeys.EC,
                    JWSAlgorithm.ES256,
                    claims(issuer, "partner-api")
                            .claim("preferred_username", "bob")
                            .build());

            assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        }
    }
}
