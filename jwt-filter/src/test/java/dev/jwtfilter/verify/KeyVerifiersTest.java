package dev.jwtfilter.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.keys.KeySetChanges;
import dev.jwtfilter.keys.KeySetChangesProbe;
import dev.jwtfilter.keys.VerificationKeys;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Each key's verifier, made once per key and tied to the key set: real keys, real tokens. */
class KeyVerifiersTest {
    private static final Set<JWSAlgorithm> RS256 = Set.of(JWSAlgorithm.RS256);

    /** A remote-like source whose set the test replaces, with its change signal. */
    private static final class SwappableKeys {
        final AtomicReference<JWKSet> set;
        final KeySetChanges changes = new KeySetChanges();
        final VerificationKeys keys;

        SwappableKeys(JWK... initial) {
            this.set = new AtomicReference<>(new JWKSet(java.util.List.of(initial)));
            JWKSource<SecurityContext> source = (selector, context) -> selector.select(set.get());
            this.keys = new VerificationKeys(source, RS256, true, changes);
            KeySetChangesProbe.refreshed(changes, set.get());
        }

        void refresh(JWK... keys) {
            set.set(new JWKSet(java.util.List.of(keys)));
            KeySetChangesProbe.refreshed(changes, set.get());
        }
    }

    private static NimbusTokenVerifier verifier(VerificationKeys keys) {
        return new NimbusTokenVerifier(
                TestTokens.config().keys(keys).build().ownIssuer().orElseThrow());
    }

    @Test
    void verifierForWhenTheSameKeyComesAgainThenTheSameVerifier() throws Exception {
        KeyVerifiers verifiers = new KeyVerifiers(new SwappableKeys(TestKeys.RSA.toPublicJWK()).keys);
        JWK refetched = JWK.parse(TestKeys.RSA.toPublicJWK().toJSONString()); // a new instance, equal

        JWSVerifier first = verifiers.verifierFor(TestKeys.RSA.toPublicJWK());

        assertThat(verifiers.verifierFor(refetched)).isSameAs(first);
        assertThat(verifiers.size()).isEqualTo(1);
    }

    @Test
    void newWhenTheSetIsLocalThenEveryKeyIsPreparedAtOnce() {
        JWKSet local = new JWKSet(java.util.List.of(TestKeys.RSA.toPublicJWK(), TestKeys.RSA_SECOND.toPublicJWK()));
        VerificationKeys keys = new VerificationKeys(new ImmutableJWKSet<>(local), RS256, true);

        assertThat(new KeyVerifiers(keys).size()).isEqualTo(2);
    }

    @Test
    void verifierForWhenAKeyLeavesTheSetThenItsVerifierIsDropped() throws Exception {
        SwappableKeys keys = new SwappableKeys(TestKeys.RSA.toPublicJWK(), TestKeys.RSA_SECOND.toPublicJWK());
        KeyVerifiers verifiers = new KeyVerifiers(keys.keys);
        JWSVerifier before = verifiers.verifierFor(TestKeys.RSA.toPublicJWK());
        verifiers.verifierFor(TestKeys.RSA_SECOND.toPublicJWK());

        keys.refresh(TestKeys.RSA_SECOND.toPublicJWK());

        assertThat(verifiers.size()).isZero();
        assertThat(verifiers.verifierFor(TestKeys.RSA.toPublicJWK())).isNotSameAs(before);
    }

    @Test
    void verifierForWhenAKeyIsAddedThenTheKnownKeysKeepTheirVerifiers() throws Exception {
        SwappableKeys keys = new SwappableKeys(TestKeys.RSA.toPublicJWK());
        KeyVerifiers verifiers = new KeyVerifiers(keys.keys);
        JWSVerifier before = verifiers.verifierFor(TestKeys.RSA.toPublicJWK());

        keys.refresh(TestKeys.RSA.toPublicJWK(), TestKeys.RSA_SECOND.toPublicJWK());

        assertThat(verifiers.verifierFor(TestKeys.RSA.toPublicJWK())).isSameAs(before);
    }

    @Test
    void verifierForWhenTheSameKidGetsNewMaterialThenItGetsItsOwnVerifier() throws Exception {
        KeyVerifiers verifiers = new KeyVerifiers(new SwappableKeys(TestKeys.RSA.toPublicJWK()).keys);

        assertThat(verifiers.verifierFor(TestKeys.RSA_OTHER.toPublicJWK()))
                .isNotSameAs(verifiers.verifierFor(TestKeys.RSA.toPublicJWK()));
    }

    @Test
    void verifyWhenARotatedKeyKeepsItsKidThenTokensOfTheOldMaterialAreRefused() throws Exception {
        SwappableKeys keys = new SwappableKeys(TestKeys.RSA.toPublicJWK());
        NimbusTokenVerifier verifier = verifier(keys.keys);
        String old = TestTokens.rs256();
        assertThat(verifier.verify(old).subject()).contains("alice");

        // Same kid, new material; even with no removal signal the old verifier must not be used again.
        keys.set.set(new JWKSet(TestKeys.RSA_OTHER.toPublicJWK()));

        assertThatThrownBy(() -> verifier.verify(old))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthEventReason.BAD_SIGNATURE));
        String rotated = TestTokens.sign(
                TestKeys.RSA_OTHER, JWSAlgorithm.RS256, TestTokens.claims().build());
        assertThat(verifier.verify(rotated).subject()).contains("alice");
    }

    @Test
    void verifierForWhenTwoIssuersHoldTheSameKeyThenEachHasItsOwnVerifier() throws Exception {
        KeyVerifiers first = new KeyVerifiers(new SwappableKeys(TestKeys.RSA.toPublicJWK()).keys);
        KeyVerifiers second = new KeyVerifiers(new SwappableKeys(TestKeys.RSA.toPublicJWK()).keys);

        assertThat(first.verifierFor(TestKeys.RSA.toPublicJWK()))
                .isNotSameAs(second.verifierFor(TestKeys.RSA.toPublicJWK()));
    }

    @Test
    void verifierForWhenASourceMakesEverMoreKeysThenMemoryStaysBounded() throws Exception {
        KeyVerifiers verifiers = new KeyVerifiers(new SwappableKeys(TestKeys.RSA.toPublicJWK()).keys);

        for (int i = 0; i < KeyVerifiers.MAX_KEYS * 2 + 1; i++) {
            assertThat(verifiers.verifierFor(TestKeys.secret(32))).isNotNull();
        }

        assertThat(verifiers.size()).isBetween(1, KeyVerifiers.MAX_KEYS);
    }
}
