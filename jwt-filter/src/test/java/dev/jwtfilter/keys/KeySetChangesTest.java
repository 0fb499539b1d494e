package dev.jwtfilter.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.jwtfilter.TestKeys;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeySetChangesTest {
    private final KeySetChanges changes = new KeySetChanges();
    private final AtomicInteger fired = new AtomicInteger();

    @Test
    void refreshedWhenKeysAddedOrUnchangedThenSilentAndWhenOneLeavesThenFires() {
        changes.subscribe(fired::incrementAndGet);

        changes.refreshed(new JWKSet(TestKeys.RSA.toPublicJWK()));
        changes.refreshed(new JWKSet(TestKeys.RSA.toPublicJWK()));
        changes.refreshed(new JWKSet(java.util.List.of(TestKeys.RSA.toPublicJWK(), TestKeys.RSA_SECOND.toPublicJWK())));
        assertThat(fired).hasValue(0);

        changes.refreshed(new JWKSet(TestKeys.RSA_SECOND.toPublicJWK()));
        assertThat(fired).hasValue(1);
    }

    @Test
    void refreshedWhenFirstFetchLacksAFallbackKeyThatServedThenFires() {
        changes.subscribe(fired::incrementAndGet);

        changes.served(java.util.List.of(TestKeys.RSA.toPublicJWK()));
        changes.served(java.util.List.of(TestKeys.RSA.toPublicJWK()));
        assertThat(fired).as("each hand-out").hasValue(2);
        changes.refreshed(new JWKSet(TestKeys.RSA_SECOND.toPublicJWK()));

        assertThat(fired).hasValue(3);
    }

    @Test
    void refreshedWhenFirstFetchHoldsEveryFallbackKeyThatServedThenSilent() {
        changes.subscribe(fired::incrementAndGet);

        changes.served(java.util.List.of(TestKeys.RSA.toPublicJWK()));
        changes.refreshed(new JWKSet(java.util.List.of(TestKeys.RSA.toPublicJWK(), TestKeys.RSA_SECOND.toPublicJWK())));

        assertThat(fired).as("the hand-out only").hasValue(1);
    }

    @Test
    void servedWhenFallbackKeysHandedOutThenFiresSoThatNothingTheyVerifyIsRemembered() {
        changes.subscribe(fired::incrementAndGet);

        changes.served(java.util.List.of());
        assertThat(fired).hasValue(0);
        changes.served(java.util.List.of(TestKeys.RSA.toPublicJWK()));

        assertThat(fired).hasValue(1);
    }
}
