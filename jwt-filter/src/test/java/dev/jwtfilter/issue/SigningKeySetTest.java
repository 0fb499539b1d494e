package dev.jwtfilter.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeySetTest {

    @Test
    void generateWhenRs256ThenRsa2048WithThumbprintKidAndAlg() {
        SigningKeySet keys = SigningKeySet.generate(JWSAlgorithm.RS256);

        JWK active = keys.activeKey();
        assertThat(active).isInstanceOf(RSAKey.class);
        assertThat(((RSAKey) active).size()).isEqualTo(2048);
        assertThat(active.getKeyID()).hasSize(43);
        assertThat(keys.algorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    void generateWhenEs384ThenP384Key() {
        assertThat(((ECKey) SigningKeySet.generate(JWSAlgorithm.ES384).activeKey())
                        .getCurve()
                        .getName())
                .isEqualTo("P-384");
    }

    @Test
    void generateWhenEdDsaOrUnknownThenRefusedClearly() {
        assertThatThrownBy(() -> SigningKeySet.generate(JWSAlgorithm.EdDSA))
                .hasMessageContaining("Unsupported signing algorithm");
    }

    @Test
    void publicJwkSetWhenRotatedThenActiveAndRetiringPublishedWithoutPrivateParts() {
        SigningKeySet first = SigningKeySet.generate(JWSAlgorithm.ES256);
        SigningKeySet rotated = first.rotate();

        assertThat(rotated.keys()).hasSize(2);
        assertThat(rotated.activeKey().getKeyID())
                .isNotEqualTo(first.activeKey().getKeyID());
        assertThat(rotated.publicJwkSet().getKeys())
                .extracting(JWK::getKeyID)
                .containsExactly(
                        rotated.activeKey().getKeyID(), first.activeKey().getKeyID());
        assertThat(rotated.publicJwkSet().getKeys()).noneMatch(JWK::isPrivate);
        assertThat(rotated.publicJwkSet().toString()).doesNotContain("\"d\"");
    }

    @Test
    void withoutKeyWhenRetiringThenRemovedAndActiveCannotBe() {
        SigningKeySet rotated = SigningKeySet.generate(JWSAlgorithm.RS256).rotate();
        String retiring = rotated.keys().get(1).getKeyID();

        assertThat(rotated.withoutKey(retiring).keys()).hasSize(1);
        assertThatThrownBy(() -> rotated.withoutKey(rotated.activeKey().getKeyID()))
                .hasMessageContaining("rotate first");
    }

    @Test
    void hmacWhenPublishedThenNothingIsPublished() {
        SigningKeySet keys = SigningKeySet.hmac(new byte[32], JWSAlgorithm.HS256);

        assertThat(keys.publicJwkSet().getKeys()).isEmpty();
        assertThatThrownBy(() -> SigningKeySet.hmac(new byte[32], JWSAlgorithm.HS512))
                .hasMessageContaining("64 bytes");
        assertThatThrownBy(() -> SigningKeySet.hmac(new byte[16], JWSAlgorithm.HS256))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void ofWhenActiveKeyIsPublicOnlyThenRefused() {
        JWK publicOnly = SigningKeySet.generate(JWSAlgorithm.RS256).activeKey().toPublicJWK();

        assertThatThrownBy(() -> SigningKeySet.of(List.of(publicOnly))).hasMessageContaining("private part");
    }

    @Test
    void loadOrCreateWhenFileMissingThenGeneratedSavedOwnerOnlyAndReloadedAlike(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/signing-keys.json");

        SigningKeySet created = SigningKeyFiles.loadOrCreate(file, JWSAlgorithm.RS256);
        SigningKeySet loaded = SigningKeyFiles.loadOrCreate(file, JWSAlgorithm.ES256);

        assertThat(loaded.activeKey()).isEqualTo(created.activeKey());
        assertThat(loaded.algorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary file left behind
    }

    @Test
    void saveWhenRotatedThenFileHoldsBothKeys(@TempDir Path dir) {
        Path file = dir.resolve("keys.json");
        SigningKeySet rotated =
                SigningKeyFiles.loadOrCreate(file, JWSAlgorithm.ES256).rotate();

        SigningKeyFiles.save(file, rotated);

        assertThat(SigningKeyFiles.load(file).keys()).isEqualTo(rotated.keys());
    }

    @Test
    void loadWhenFileIsNotAKeySetThenClearError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keys.json"), "{oops");

        assertThatThrownBy(() -> SigningKeyFiles.load(file)).hasMessageContaining("Not a valid JWK set");
    }
}
