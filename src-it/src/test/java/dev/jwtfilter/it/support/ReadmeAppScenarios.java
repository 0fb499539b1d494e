package dev.jwtfilter.it.support;

import static dev.jwtfilter.it.support.DemoClient.access;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * README's snippet at work: the demo issues tokens, and readme-app (a user's application whose web.xml is
 * the snippet, its servlets found by the container's annotation scan) verifies them with keys it fetches
 * from the demo's JWKS endpoint. The snippet's references are set as system properties for the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReadmeAppScenarios {
    private static final String[] PROPERTIES = {"JWT_ISSUER", "JWT_AUDIENCE", "JWT_JWKS_URI"};
    private DemoClient issuer;
    private URI app;
    private AutoCloseable issuerContainer;
    private AutoCloseable appContainer;

    protected abstract DemoScenarios.Deployment deploy(Path war, Map<String, String> contextParams) throws Exception;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("it-readme");
        DemoScenarios.Deployment demo = deploy(DeployedWars.demo(), Map.of("JWT_DEMO_DATA", data.toString()));
        issuerContainer = demo.container();
        issuer = new DemoClient(demo.base());
        System.setProperty("JWT_ISSUER", DemoKeys.ISSUER);
        System.setProperty("JWT_AUDIENCE", DemoKeys.AUDIENCE);
        System.setProperty("JWT_JWKS_URI", demo.base().resolve("/.well-known/jwks.json").toString());
        DemoScenarios.Deployment readme = deploy(DeployedWars.readmeApp(), Map.of());
        appContainer = readme.container();
        app = readme.base();
    }

    @AfterAll
    void stop() throws Exception {
        for (String property : PROPERTIES) {
            System.clearProperty(property);
        }
        if (appContainer != null) {
            appContainer.close();
        }
        if (issuerContainer != null) {
            issuerContainer.close();
        }
    }

    @Test
    void adminServletWhenAnnotatedRolesAllowedThen401_403_200() throws Exception {
        String alice = access(issuer.tokens("alice", "alice-demo-pass"));
        String admin = access(issuer.tokens("admin", "admin-demo-pass"));

        assertThat(Http.get(app.resolve("/admin")).statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = Http.get(app.resolve("/admin"), Http.bearer(alice));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("WWW-Authenticate")).contains(
                "Bearer realm=\"jwt\", error=\"insufficient_scope\", error_description=\"Insufficient role\"");
        HttpResponse<String> allowed = Http.get(app.resolve("/admin"), Http.bearer(admin));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("admin:admin");
    }

    @Test
    void helloWhenTokenThenSecurityContextAnswersAndHealthIsPublic() throws Exception {
        String alice = access(issuer.tokens("alice", "alice-demo-pass"));

        assertThat(Http.get(app.resolve("/hello"), Http.bearer(alice)).body()).isEqualTo("hello alice user=true");
        assertThat(Http.get(app.resolve("/hello")).statusCode()).isEqualTo(401);
        assertThat(Http.get(app.resolve("/health")).body()).isEqualTo("hello anonymous");
        assertThat(Http.get(app.resolve("/hello"), Http.bearer("not.a.token")).statusCode()).isEqualTo(401);
    }
}
