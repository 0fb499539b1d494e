package dev.jwtfilter.principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.VerifiedJwt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrincipalMappingTest {

    private static JwtConfigBuilder config() {
        return TestTokens.config().hmacSecret(TestKeys.HMAC_SECRET);
    }

    private static VerifiedJwt jwt(Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(Map.of("iss", TestTokens.ISSUER, "exp", 2_000_000_000L));
        all.putAll(claims);
        return new VerifiedJwt(all, "HS256", null);
    }

    private static JwtPrincipal map(JwtConfigBuilder config, Map<String, Object> claims)
            throws JwtVerificationException {
        return new PrincipalMapping(config.build().ownIssuer().orElseThrow()).toPrincipal(jwt(claims));
    }

    @Test
    void toPrincipalWhenUpnPresentThenItNamesThePrincipal() throws Exception {
        JwtPrincipal principal =
                map(config(), Map.of("upn", "alice@example.com", "preferred_username", "alice", "sub", "42"));

        assertThat(principal.getName()).isEqualTo("alice@example.com");
    }

    @Test
    void toPrincipalWhenOnlyPreferredUsernameAndSubThenPreferredUsername() throws Exception {
        assertThat(map(config(), Map.of("preferred_username", "alice", "sub", "42"))
                        .getName())
                .isEqualTo("alice");
        assertThat(map(config(), Map.of("sub", "42")).getName()).isEqualTo("42");
    }

    @Test
    void toPrincipalWhenNoNameClaimOrBlankOrNotStringThenInvalid() {
        assertThatThrownBy(() -> map(config(), Map.of())).isInstanceOf(JwtVerificationException.class);
        assertThatThrownBy(() -> map(config(), Map.of("sub", " "))).isInstanceOf(JwtVerificationException.class);
        assertThatThrownBy(() -> map(config(), Map.of("sub", 42))).isInstanceOf(JwtVerificationException.class);
    }

    @Test
    void toPrincipalWhenGroupsArrayThenRoles() throws Exception {
        assertThat(map(config(), Map.of("sub", "a", "groups", List.of("user", "admin")))
                        .getRoles())
                .containsExactlyInAnyOrder("user", "admin");
    }

    @Test
    void toPrincipalWhenScopeStringThenSpaceSeparatedRoles() throws Exception {
        JwtPrincipal principal =
                map(config().rolesClaim("scope"), Map.of("sub", "a", "scope", "orders:read  orders:write"));

        assertThat(principal.getRoles()).containsExactlyInAnyOrder("orders:read", "orders:write");
    }

    @Test
    void toPrincipalWhenNestedPathThenRolesFromIt() throws Exception {
        Map<String, Object> claims = Map.of("sub", "a", "realm_access", Map.of("roles", List.of("admin")));

        assertThat(map(config().rolesClaim("realm_access.roles"), claims).getRoles())
                .containsExactly("admin");
        assertThat(map(config().rolesClaim("resource_access.api.roles"), claims).getRoles())
                .isEmpty();
    }

    @Test
    void toPrincipalWhenClaimNameHoldsDotsThenReadLiterally() throws Exception {
        Map<String, Object> claims = Map.of("sub", "a", "https://example.com/roles", List.of("editor"));

        assertThat(map(config().rolesClaim("https://example.com/roles"), claims).getRoles())
                .containsExactly("editor");
    }

    @Test
    void toPrincipalWhenPrefixConfiguredThenPrepended() throws Exception {
        assertThat(map(config().rolePrefix("ROLE_"), Map.of("sub", "a", "groups", List.of("admin")))
                        .getRoles())
                .containsExactly("ROLE_admin");
    }

    @Test
    void toPrincipalWhenNamePrefixConfiguredThenPrependedToTheNameButNotToTheClaims() throws Exception {
        JwtPrincipal principal =
                map(config().namePrefix("partners:"), Map.of("preferred_username", "alice", "sub", "42"));

        assertThat(principal.getName()).isEqualTo("partners:alice");
        assertThat(principal.getClaim("preferred_username")).contains("alice");
        assertThat(principal.getClaims()).doesNotContainValue("partners:alice");
        assertThat(principal.getIssuer()).isEqualTo(TestTokens.ISSUER);
    }

    @Test
    void toPrincipalWhenNoNamePrefixThenTheClaimAsItIs() throws Exception {
        assertThat(map(config(), Map.of("sub", "42")).getName()).isEqualTo("42");
    }

    @Test
    void buildWhenNamePrefixNullThenRefused() {
        assertThatThrownBy(() -> config().namePrefix(null).build())
                .hasMessageContaining("Name prefix must not be null");
    }

    @Test
    void toPrincipalWhenRolesClaimHasWrongTypeThenInvalid() {
        assertThatThrownBy(() -> map(config(), Map.of("sub", "a", "groups", 7)))
                .isInstanceOf(JwtVerificationException.class);
        assertThatThrownBy(() -> map(config(), Map.of("sub", "a", "groups", List.of("user", 7))))
                .isInstanceOf(JwtVerificationException.class);
        assertThatThrownBy(() -> map(config(), Map.of("sub", "a", "groups", Map.of("admin", true))))
                .isInstanceOf(JwtVerificationException.class);
        assertThatThrownBy(() ->
                        map(config().rolesClaim("realm_access.roles"), Map.of("sub", "a", "realm_access", "admin")))
                .isInstanceOf(JwtVerificationException.class);
    }

    @Test
    void toStringWhenPrincipalThenOnlyName() throws Exception {
        assertThat(map(config(), Map.of("sub", "alice", "secret", "s3cr3t")).toString())
                .isEqualTo("JwtPrincipal[alice]");
    }
}
