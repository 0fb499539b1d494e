package dev.jwtfilter.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link JwtTest} registers a kit configured by its attributes and injects it into constructors and methods. */
@JwtTest(issuer = "https://annotated.test", audience = "annotated-api", algorithm = "ES256", rolesClaim = "roles")
class JwtTestTest {
    private final JwtTestKit fromConstructor;

    JwtTestTest(JwtTestKit kit) {
        this.fromConstructor = kit;
    }

    @Test
    void kitWhenAnnotatedThenConfiguredByTheAttributes(JwtTestKit kit) {
        assertThat(kit).isSameAs(fromConstructor);
        assertThat(kit.issuer()).isEqualTo("https://annotated.test");
        assertThat(kit.audience()).isEqualTo("annotated-api");
        assertThat(kit.algorithm()).isEqualTo("ES256");
        assertThat(kit.servletContextParams()).containsEntry("jwt.roles-claim", "roles");
    }

    @Test
    void tokenWhenSignedThenAcceptedByTheAnnotatedConfiguration(JwtTestKit kit) {
        AuthenticationOutcome outcome = new JwtAuthenticator(kit.config().build())
                .authenticate(kit.token().roles("admin").sign());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        AuthenticationOutcome.Authenticated.class,
                        authenticated ->
                                assertThat(authenticated.principal().getRoles()).containsExactly("admin"));
    }

    @Nested
    class Inner {
        @Test
        void kitWhenNestedThenTheOuterClassKit(JwtTestKit kit) {
            assertThat(kit).isSameAs(fromConstructor);
            assertThat(kit.issuer()).isEqualTo("https://annotated.test");
        }
    }
}
