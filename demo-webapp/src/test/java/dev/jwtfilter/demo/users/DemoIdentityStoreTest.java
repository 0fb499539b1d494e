package dev.jwtfilter.demo.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * Unknown users must cost what a wrong password costs, or response times tell which names exist. Timing
 * is not asserted (shared machines are noisy; {@code benchmarks/login-timing.sh} measures it): instead,
 * the hashing gate shows that both paths spend one full hash. With a 1% CPU share, one hash buys a pause
 * far longer than a caller may wait, so whichever attempt comes second is refused as busy.
 */
class DemoIdentityStoreTest {
    private static final String ALICE_HASH = PasswordHash.hash("alice-pass".toCharArray());

    private static DemoIdentityStore store(double cpuShare) throws Exception {
        return new DemoIdentityStore(
                UserDirectory.parse(new StringReader("alice|user|" + ALICE_HASH + "\n")), cpuShare);
    }

    private static CredentialValidationResult login(DemoIdentityStore store, String name, String password) {
        return store.validate(new UsernamePasswordCredential(name, password));
    }

    @Test
    void validateWhenUnknownUserThenSpendsAFullHashLikeAWrongPassword() throws Exception {
        DemoIdentityStore store = store(0.01);

        assertThat(login(store, "mallory", "guess").getStatus()).isEqualTo(CredentialValidationResult.Status.INVALID);

        assertThatThrownBy(() -> login(store, "alice", "alice-pass"))
                .isInstanceOf(DemoIdentityStore.HashingBusyException.class);
    }

    @Test
    void validateWhenWrongPasswordThenSpendsAFullHashLikeAnUnknownUser() throws Exception {
        DemoIdentityStore store = store(0.01);

        assertThat(login(store, "alice", "guess").getStatus()).isEqualTo(CredentialValidationResult.Status.INVALID);

        assertThatThrownBy(() -> login(store, "mallory", "guess"))
                .isInstanceOf(DemoIdentityStore.HashingBusyException.class);
    }

    @Test
    void validateWhenRightPasswordThenValidWithGroups() throws Exception {
        CredentialValidationResult result = login(store(1.0), "alice", "alice-pass");

        assertThat(result.getStatus()).isEqualTo(CredentialValidationResult.Status.VALID);
        assertThat(result.getCallerGroups()).containsExactly("user");
    }
}
