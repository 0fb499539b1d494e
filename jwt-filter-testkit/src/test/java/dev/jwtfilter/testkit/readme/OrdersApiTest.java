package dev.jwtfilter.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import dev.jwtfilter.testkit.JwtTestKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "Testing your application" example of docs/testing.md, character for character (checked by
 * {@link ReadmeExampleTest}).
 */
class OrdersApiTest {
    @RegisterExtension
    static JwtTestKit jwt =
            JwtTestKit.rs256().issuer("https://login.example.com").audience("orders-api");

    // The real verifier, configured as in production except that it trusts the kit's key.
    JwtAuthenticator authenticator = new JwtAuthenticator(jwt.config().build());

    @Test
    void adminTokenIsAccepted() {
        String token = jwt.token()
                .subject("alice")
                .roles("admin")
                .expiresIn(Duration.ofMinutes(5))
                .sign();

        assertThat(authenticator.authenticate(token))
                .isInstanceOfSatisfying(
                        AuthenticationOutcome.Authenticated.class,
                        ok -> assertThat(ok.principal().hasRole("admin")).isTrue());
    }

    @Test
    void forgedAndExpiredTokensAreRefused(JwtTestKit kit) { // the kit can be injected too
        assertThat(authenticator.authenticate(kit.token().roles("admin").signedByAnotherKey()))
                .isInstanceOf(AuthenticationOutcome.Failed.class);
        assertThat(authenticator.authenticate(kit.token().withAlgNone()))
                .isInstanceOf(AuthenticationOutcome.Failed.class);
        assertThat(authenticator.authenticate(kit.token().expired().sign()))
                .isInstanceOf(AuthenticationOutcome.Failed.class);
    }
}
