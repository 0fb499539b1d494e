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
 * from the demo's JWKS endpoint. The snippet's references are set as system properties for the run, or
 * by a subclass in another way ({@link #deployReadmeApp}). The test owns the demo's signing key, so it can
 * sign tokens that differ from the demo's in one claim.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReadmeAppScenarios {
    private static final String[] PROPERTIES = {"JWT_ISSUER", "JWT_AUDIENCE", "JWT_JWKS_URI"};
    private static final String REALM = "Bearer realm=\"jwt\"";
    private DemoClient issuer;
    private DemoKeys keys;
    private URI app;
    private AutoCloseable issuerContainer;
    private AutoCloseable appContainer;

    protected abstract DemoScenarios.Deployment deploy(Path war, Map<String, String> contextParams) throws Exception;

    /**
     * Deploys readme-app with these values for the references of its {@code web.xml}; by default as
     * system properties of this JVM, into the container of {@link #deploy}.
     */
    protected DemoScenarios.Deployment deployReadmeApp(Map<String, String> references) throws Exception {
        references.forEach(System::setProperty);
        return deploy(DeployedWars.readmeApp(), Map.of());
    }

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("it-readme");
        keys = DemoKeys.create(data);
        DemoScenarios.Deployment demo = deploy(
                DeployedWars.demo(),
                Map.of(
                        "JWT_DEMO_DATA",
                        data.toString(),
                        "JWT_SIGNING_KEY_FILE",
                        keys.file().toString(),
                        "JWT_LOGIN_HASH_CPU",
                        "1"));
        issuerContainer = demo.container();
        issuer = new DemoClient(demo.base());
        DemoScenarios.Deployment readme = deployReadmeApp(Map.of(
                "JWT_ISSUER",
                DemoKeys.ISSUER,
                "JWT_AUDIENCE",
                DemoKeys.AUDIENCE,
                "JWT_JWKS_URI",
                demo.base().resolve("/.well-known/jwks.json").toString()));
        appContainer = readme.container();
        app = readme.base();
    }

    /** @return where readme-app listens */
    protected URI app() {
        return app;
    }

    /** @return a valid token of the demo's issuer for alice, signed with the demo's own key */
    protected String validToken() throws Exception {
        return keys.sign(DemoKeys.claims().build());
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
        assertThat(forbidden.headers().firstValue("WWW-Authenticate"))
                .contains(
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
        assertThat(Http.get(app.resolve("/hello"), Http.bearer("not.a.token")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void helloWhenNoTokenThen401WithChallengeAndPublicPathAnswers() throws Exception {
        HttpResponse<String> missing = Http.get(app.resolve("/hello"));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().allValues("WWW-Authenticate")).containsExactly(REALM);
        assertThat(Http.get(app.resolve("/health")).statusCode()).isEqualTo(200);
    }

    /**
     * The snippet's defaults (issuer login.example.com, audience orders-api, that issuer's JWKS) must lose to
     * the values given for the references: the demo's tokens verify, a token for the default audience does not.
     */
    @Test
    void helloWhenReferencesSetThenTheirValuesNotTheSnippetDefaultsAreUsed() throws Exception {
        HttpResponse<String> valid = Http.get(app.resolve("/hello"), Http.bearer(validToken()));
        HttpResponse<String> defaultAudience = Http.get(
                app.resolve("/hello"),
                Http.bearer(keys.sign(DemoKeys.claims().audience("orders-api").build())));
        HttpResponse<String> wrongAudience = Http.get(
                app.resolve("/hello"),
                Http.bearer(keys.sign(DemoKeys.claims().audience("another-api").build())));

        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).isEqualTo("hello alice user=true");
        for (HttpResponse<String> refused : java.util.List.of(defaultAudience, wrongAudience)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .contains(REALM + ", error=\"invalid_token\", error_description=\"Invalid token\"");
        }
    }
}
