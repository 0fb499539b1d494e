package dev.jwtfilter.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.RawHttp;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.FirewallRule;
import dev.jwtfilter.web.app.CatchAllResource;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's bypass on a real container: Jersey's {@link CatchAllResource} at {@code /api/*} behind the
 * filter ({@code /api/health} public, mode {@code required}), in two applications: {@code /strict} with the
 * firewall as shipped and {@code /lenient} with every rule relaxed, which shows what the firewall prevents.
 * Requests go over a raw socket with the target as {@code curl --path-as-is} sends it. Each container's
 * test supplies the server and the shapes that reach the protected resource there without the firewall.
 */
public abstract class RequestFirewallServerContract {
    /** The init-params both applications share; {@code /lenient} adds {@link #ALLOW_ALL}. */
    public static final Map<String, String> PARAMS = Map.of(
            "jwt.issuer",
            TestTokens.ISSUER,
            "jwt.audiences",
            TestTokens.AUDIENCE,
            "jwt.public-key",
            TestKeys.publicJwks(TestKeys.RSA),
            "jwt.public-paths",
            "/api/health, /api/public/*, /, /index.html");
    /** The body of {@code index.html}, each application's welcome file served by the container's default servlet. */
    public static final String WELCOME_PAGE = "welcome-page";
    /** {@code jwt.firewall.allow} with every rule. */
    public static final String ALLOW_ALL =
            Arrays.stream(FirewallRule.values()).map(FirewallRule::wireName).collect(Collectors.joining(","));

    private static final String REFUSAL = "\"error_description\":\"Request path not accepted\"";

    /** Every shape of issue 14 and of Spring's StrictHttpFirewall; each one must end in 400 without the resource running. */
    public static final List<String> REFUSED_SHAPES = List.of(
            "/api/orders/123/../../health",
            "/api/orders/123/%2e%2e/%2e%2e/health",
            "/api/orders/123/%2E%2E/%2E%2E/health",
            "/api/orders/123/.%2e/.%2E/health",
            "/api/orders/123/..;/..;/health",
            "/api/orders;x=1/123/../../health",
            "/api/orders/123/..%2f..%2fhealth",
            "/api/./health",
            "/api/%2e/health",
            "/api/orders/%2E%2E/",
            "/api/orders/1/a%2fb",
            "/api/orders/1/a%2Fb",
            "/api/orders/1/a%5cb",
            "/api/orders/1/a\\b",
            "//api/health",
            "/api//health",
            "/api/health;x=..;/",
            "/api/orders/1/a;x=1",
            "/api/orders/1/%2525",
            "/api/orders/1/a%00",
            "/api/orders/1/a%0a",
            "/api/orders/1/a%0D");

    /** @return the port of the server holding {@code /strict} and {@code /lenient} */
    protected abstract int port();

    /**
     * Shapes that every container decodes to a public path while Jersey reads them otherwise: a literal segment
     * spelt with an encoded letter (Jersey matches literals on the encoded path, so {@code {tenant}} takes it), and
     * an encoded letter of the servlet path (Jersey cuts the raw URI at the decoded base's length).
     */
    public static final List<String> ENCODED_LETTER_SHAPES =
            List.of("/api/%70ublic/x", "/ap%69/health", "/%61%70%69/health");

    /** @return the shapes that, with every rule relaxed, this container lets reach the protected resource */
    protected abstract List<String> bypassShapes();

    private RawHttp.Answer get(String target, String authorization) throws Exception {
        return RawHttp.get(port(), target, authorization);
    }

    private static String bearer() {
        Instant now = Instant.now();
        return "Bearer "
                + TestTokens.sign(
                        TestKeys.RSA,
                        JWSAlgorithm.RS256,
                        TestTokens.claimsAt(now).build());
    }

    @Test
    void getWhenRulesRelaxedThenBypassShapesRunProtectedResourceWithoutToken() throws Exception {
        assertThat(bypassShapes()).isNotEmpty();
        for (String shape : bypassShapes()) {
            RawHttp.Answer answer = get("/lenient" + shape, null);
            assertThat(answer.status()).as(shape).isEqualTo(200);
            assertThat(answer.bodyContains(CatchAllResource.ORDER_MARKER))
                    .as(shape)
                    .isTrue();
        }
    }

    @Test
    void getWhenBypassShapeThenFirewallAnswers400() throws Exception {
        for (String shape : bypassShapes()) {
            RawHttp.Answer answer = get("/strict" + shape, null);
            assertThat(answer.status()).as(shape).isEqualTo(400);
            assertThat(answer.bodyContains(REFUSAL)).as(shape).isTrue();
            assertThat(answer.text())
                    .as(shape)
                    .contains("Cache-Control: no-store")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void getWhenAnyRefusedShapeThen400AndResourceNeverRuns() throws Exception {
        for (String shape : REFUSED_SHAPES) {
            for (String authorization : new String[] {null, bearer()}) {
                RawHttp.Answer answer = get("/strict" + shape, authorization);
                assertThat(answer.status()).as(shape).isEqualTo(400);
                assertThat(answer.bodyContains(CatchAllResource.ORDER_MARKER))
                        .as(shape)
                        .isFalse();
            }
        }
    }

    @Test
    void getWhenLegitPathsThenAnsweredAsWithoutFirewall() throws Exception {
        assertThat(get("/strict/api/health", null).bodyContains("healthy")).isTrue();
        assertThat(get("/strict/api/public/x", null).bodyContains("public-page"))
                .isTrue();
        assertThat(get("/strict/api/acme/x", null).status()).isEqualTo(401);
        assertThat(get("/strict/api/orders/123/x", null).status()).isEqualTo(401);
        assertThat(get("/strict/api/orders/123/x", bearer()).bodyContains(CatchAllResource.ORDER_MARKER + " id=123"))
                .isTrue();
        assertThat(get("/strict/api/orders/123/caf%C3%A9/a%20b", bearer()).status())
                .isEqualTo(200);
        assertThat(get("/strict/api/orders/123/v1.2/..x/.x", bearer()).status()).isEqualTo(200);
        assertThat(get("/strict/api/health;jsessionid=0123ABCD.node0", null).bodyContains("healthy"))
                .isTrue();
        assertThat(get("/strict/", null).bodyContains(WELCOME_PAGE)).isTrue();
        assertThat(get("/strict/index.html", null).bodyContains(WELCOME_PAGE)).isTrue();
    }
}
