package dev.jwtfilter.proof;

import static dev.jwtfilter.proof.Proofs.METHOD;
import static dev.jwtfilter.proof.Proofs.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.jwtfilter.MutableClock;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DPoPProofVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final URI TARGET = URI.create(Proofs.URI);
    private static final ECKey EC = TestKeys.ec("proof-ec", Curve.P_256);
    private static final ECKey EC_OTHER = TestKeys.ec("proof-ec-other", Curve.P_256);
    private static final RSAKey RSA = TestKeys.rsa("proof-rsa", 2048);

    private final MutableClock clock = new MutableClock(NOW);
    private final DPoPProofVerifier verifier =
            DPoPProofVerifier.of(DPoPProofSettings.builder().clock(clock).build());

    private VerifiedDPoPProof verify(String proof) throws DPoPProofException {
        return verifier.verify(proof, METHOD, TARGET, TOKEN);
    }

    private static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        DPoPProofException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private void assertRefused(Map<String, Object> header, Map<String, Object> claims, JWK key, Reason reason) {
        String proof = Proofs.sign(header, claims, key);
        assertRefused(() -> verify(proof), reason);
    }

    private Map<String, Object> claims() {
        return Proofs.claims(NOW);
    }

    @Test
    void verifyWhenEs256ProofValidThenThumbprintIdAndIssuedAtReturned() throws Exception {
        Map<String, Object> claims = claims();
        VerifiedDPoPProof proof = verify(Proofs.sign(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC));

        assertThat(proof.thumbprint())
                .isEqualTo(EC.toPublicJWK().computeThumbprint().toString());
        assertThat(proof.id()).isEqualTo(claims.get("jti"));
        assertThat(proof.issuedAt()).isEqualTo(NOW);
        assertThat(proof.algorithm()).isEqualTo("ES256");
    }

    @Test
    void verifyWhenRs256ProofValidThenAccepted() throws Exception {
        VerifiedDPoPProof proof = verify(Proofs.valid(RSA, JWSAlgorithm.RS256, NOW));

        assertThat(proof.thumbprint())
                .isEqualTo(RSA.toPublicJWK().computeThumbprint().toString());
        assertThat(proof.algorithm()).isEqualTo("RS256");
    }

    @Test
    void verifyWhenPs256ProofValidThenAccepted() throws Exception {
        VerifiedDPoPProof proof = verify(Proofs.valid(RSA, JWSAlgorithm.PS256, NOW));

        assertThat(proof.thumbprint())
                .isEqualTo(RSA.toPublicJWK().computeThumbprint().toString());
        assertThat(proof.algorithm()).isEqualTo("PS256");
    }

    @Test
    void verifyWhenNoProofThenMissing() {
        assertRefused(() -> verify(null), Reason.MISSING);
        assertRefused(() -> verify(""), Reason.MISSING);
    }

    @Test
    void verifyWhenTwoPartsThenMalformed() {
        String proof = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
        String twoParts = proof.substring(0, proof.lastIndexOf('.'));

        assertRefused(() -> verify(twoParts), Reason.MALFORMED);
        assertRefused(() -> verify(proof + ".AAAA"), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "e30.e30.!!!!", "W10.e30.AAAA", "e30..AAAA", "..", "e30.e30."})
    void verifyWhenGarbageThenMalformed(String proof) {
        assertRefused(() -> verify(proof), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"jti\":\"a\",\"jti\":\"b\"}", "{"})
    void verifyWhenPayloadIsNotOneJsonObjectThenMalformed(String payload) {
        String header = Proofs.encode(Proofs.header(EC, JWSAlgorithm.ES256));
        String proof = header + "." + Base64URL.encode(payload) + ".AAAA";

        assertRefused(() -> verify(proof), Reason.MALFORMED);
    }

    @Test
    void verifyWhenBase64NotCanonicalThenMalformed() {
        String proof = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
        String padded = proof.substring(0, proof.indexOf('.')) + "=" + proof.substring(proof.indexOf('.'));

        assertRefused(() -> verify(padded), Reason.MALFORMED);
        assertRefused(() -> verify("+" + proof.substring(1)), Reason.MALFORMED);
    }

    @Test
    void verifyWhenSignatureHasNonZeroUnusedBitsThenMalformed() {
        String proof = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
        // 64 signature bytes are 86 characters: the last one carries 4 unused bits, which decoders ignore.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = proof.charAt(proof.length() - 1);
        char sameBytes = alphabet.charAt(alphabet.indexOf(last) | 1);
        String variant = proof.substring(0, proof.length() - 1) + sameBytes;

        assertThat(new Base64URL(variant.substring(variant.lastIndexOf('.') + 1)).decode())
                .isEqualTo(new Base64URL(proof.substring(proof.lastIndexOf('.') + 1)).decode());
        assertRefused(() -> verify(variant), Reason.MALFORMED);
    }

    @Test
    void verifyWhenLongerThanTheMaximumThenMalformed() {
        DPoPProofVerifier strict = DPoPProofVerifier.of(
                DPoPProofSettings.builder().clock(clock).maxProofLength(100).build());
        String proof = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);

        assertRefused(() -> strict.verify(proof, METHOD, TARGET, TOKEN), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", "DPOP+JWT", "application/dpop+jwt", ""})
    void verifyWhenTypIsNotDpopJwtThenWrongType(String type) {
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        header.put("typ", type);

        assertRefused(header, claims(), EC, Reason.WRONG_TYPE);
    }

    @Test
    void verifyWhenTypAbsentThenWrongType() {
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        header.remove("typ");

        assertRefused(header, claims(), EC, Reason.WRONG_TYPE);
    }

    @Test
    void verifyWhenAlgNoneThenBadAlgorithm() {
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        header.put("alg", "none");
        String proof = Proofs.encode(header) + "." + Proofs.encode(claims()) + ".AAAA";

        assertRefused(() -> verify(proof), Reason.BAD_ALGORITHM);
    }

    @Test
    void verifyWhenHs256ProofThenBadAlgorithm() {
        var secret = TestKeys.secret(32);
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.HS256);

        assertRefused(header, claims(), secret, Reason.BAD_ALGORITHM);
    }

    @Test
    void verifyWhenAlgNotInTheAllowlistThenBadAlgorithm() {
        ECKey p384 = TestKeys.ec("p384", Curve.P_384);

        assertRefused(Proofs.header(p384, JWSAlgorithm.ES384), claims(), p384, Reason.BAD_ALGORITHM);
    }

    @Test
    void verifyWhenJwkHoldsThePrivateEcKeyThenPrivateKey() {
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        header.put("jwk", EC.toJSONObject());

        assertRefused(header, claims(), EC, Reason.PRIVATE_KEY);
    }

    @Test
    void verifyWhenJwkHoldsThePrivateRsaKeyThenPrivateKey() {
        Map<String, Object> header = Proofs.header(RSA, JWSAlgorithm.RS256);
        header.put("jwk", RSA.toJSONObject());

        assertRefused(header, claims(), RSA, Reason.PRIVATE_KEY);
    }

    @Test
    void verifyWhenJwkAbsentThenBadKey() {
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        header.remove("jwk");

        assertRefused(header, claims(), EC, Reason.BAD_KEY);
    }

    @Test
    void verifyWhenJwkTypeDoesNotFitAlgThenBadKey() {
        Map<String, Object> header = Proofs.header(RSA, JWSAlgorithm.ES256);

        assertRefused(header, claims(), EC, Reason.BAD_KEY);
    }

    @Test
    void verifyWhenRsaKeyShorterThan2048BitsThenBadKey() throws JOSEException {
        RSAKey weak = new RSAKeyGenerator(1024, true).generate();

        assertRefused(Proofs.header(weak, JWSAlgorithm.RS256), claims(), weak, Reason.BAD_KEY);
    }

    @Test
    void verifyWhenRsaKeyIsLongerThan4096BitsOrItsExponentHugeThenBadKeyBeforeAnySignatureWork() {
        java.math.BigInteger modulus =
                java.math.BigInteger.ONE.shiftLeft(2047).setBit(0).setBit(5);
        Map<String, Object> hugeExponent = Proofs.header(RSA, JWSAlgorithm.RS256);
        hugeExponent.put(
                "jwk",
                Map.of(
                        "kty", "RSA",
                        "n", Base64URL.encode(modulus).toString(),
                        "e",
                                Base64URL.encode(modulus.subtract(java.math.BigInteger.TWO))
                                        .toString()));
        Map<String, Object> tooLong = Proofs.header(RSA, JWSAlgorithm.RS256);
        tooLong.put(
                "jwk",
                Map.of(
                        "kty", "RSA",
                        "n",
                                Base64URL.encode(java.math.BigInteger.ONE
                                                .shiftLeft(8191)
                                                .setBit(0))
                                        .toString(),
                        "e", "AQAB"));

        assertRefused(hugeExponent, claims(), RSA, Reason.BAD_KEY);
        assertRefused(tooLong, claims(), RSA, Reason.BAD_KEY);
    }

    @Test
    void verifyWhenAStrangersKeySignedBadlyThenWrongKeyWithoutCheckingTheSignature() throws JOSEException {
        String valid = Proofs.valid(EC_OTHER, JWSAlgorithm.ES256, NOW);
        String badlySigned = valid.substring(0, valid.lastIndexOf('.') + 1) + "A".repeat(86);
        String bound = EC.toPublicJWK().computeThumbprint().toString();

        assertRefused(() -> verifier.verify(badlySigned, METHOD, TARGET, TOKEN, bound), Reason.WRONG_KEY);
    }

    @Test
    void verifyWhenCritHeaderPresentThenCriticalHeader() {
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        header.put("crit", List.of("exp"));
        header.put("exp", NOW.getEpochSecond());

        assertRefused(header, claims(), EC, Reason.CRITICAL_HEADER);
    }

    @Test
    void verifyWhenB64HeaderPresentThenCriticalHeader() {
        Map<String, Object> header = Proofs.header(EC, JWSAlgorithm.ES256);
        header.put("b64", false);

        assertRefused(header, claims(), EC, Reason.CRITICAL_HEADER);
    }

    @Test
    void verifyWhenSignedWithAnotherKeyThanItsJwkThenBadSignature() {
        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims(), EC_OTHER, Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenClaimsChangedAfterSigningThenBadSignature() {
        String proof = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
        Map<String, Object> claims = claims();
        String[] parts = proof.split("\\.");
        String altered = parts[0] + "." + Proofs.encode(claims) + "." + parts[2];

        assertRefused(() -> verify(altered), Reason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "get", "Get"})
    void verifyWhenHtmIsNotTheMethodThenWrongMethod(String htm) {
        Map<String, Object> claims = claims();
        claims.put("htm", htm);

        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC, Reason.WRONG_METHOD);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://api.example.com/orders/1",
                "https://api.example.com/Orders",
                "https://other.example.com/orders",
                "http://api.example.com/orders",
                "https://api.example.com:8443/orders",
                "https://api.example.com/orders/",
                "https://api.example.com/a%2Forders",
                "https://user@api.example.com/orders",
                "/orders",
                "ftp://api.example.com/orders",
                "not a uri"
            })
    void verifyWhenHtuIsNotTheRequestUriThenWrongUri(String htu) {
        Map<String, Object> claims = claims();
        claims.put("htu", htu);

        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC, Reason.WRONG_URI);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://api.example.com/orders?page=2",
                "https://api.example.com/orders#top",
                "HTTPS://API.Example.COM/orders",
                "https://api.example.com:443/orders",
                "https://api.example.com/%6Frders",
                "https://api.example.com/x/../orders"
            })
    void verifyWhenHtuDiffersOnlyByQueryFragmentCaseOrDefaultPortThenAccepted(String htu) throws Exception {
        Map<String, Object> claims = claims();
        claims.put("htu", htu);

        assertThat(verify(Proofs.sign(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC))
                        .id())
                .isEqualTo(claims.get("jti"));
    }

    @Test
    void verifyWhenRequestUriHasQueryDefaultPortAndUpperCaseHostThenAccepted() throws Exception {
        URI request = URI.create("https://API.EXAMPLE.COM:443/orders?page=2");

        assertThat(verifier.verify(Proofs.valid(EC, JWSAlgorithm.ES256, NOW), METHOD, request, TOKEN))
                .isNotNull();
    }

    @Test
    void verifyWhenIatOlderThanWindowPlusSkewThenStale() throws Exception {
        Instant limit = NOW.minus(Duration.ofSeconds(120));

        assertThat(verify(Proofs.valid(EC, JWSAlgorithm.ES256, limit))).isNotNull();
        assertRefused(() -> verify(Proofs.valid(EC, JWSAlgorithm.ES256, limit.minusSeconds(1))), Reason.STALE);
    }

    @Test
    void verifyWhenIatFurtherInTheFutureThanSkewThenStale() throws Exception {
        Instant limit = NOW.plus(Duration.ofSeconds(60));

        assertThat(verify(Proofs.valid(EC, JWSAlgorithm.ES256, limit))).isNotNull();
        assertRefused(() -> verify(Proofs.valid(EC, JWSAlgorithm.ES256, limit.plusSeconds(1))), Reason.STALE);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e300, -1e300, 9.3e18})
    void verifyWhenIatAbsurdThenStale(double iat) {
        Map<String, Object> claims = claims();
        claims.put("iat", iat);

        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC, Reason.STALE);
    }

    @Test
    void verifyWhenIatNotANumberThenMissingClaim() {
        Map<String, Object> claims = claims();
        claims.put("iat", String.valueOf(NOW.getEpochSecond()));

        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC, Reason.MISSING_CLAIM);
    }

    @Test
    void verifyWhenJtiUsedTwiceThenReplayed() throws Exception {
        String proof = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
        verify(proof);

        assertRefused(() -> verify(proof), Reason.REPLAYED);
    }

    @Test
    void verifyWhenReplayedAtTheLastSecondOfTheWindowThenReplayed() throws Exception {
        String proof = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
        verify(proof);
        clock.advance(Duration.ofSeconds(120));

        assertRefused(() -> verify(proof), Reason.REPLAYED);
    }

    @Test
    void verifyWhenAnotherKeyUsesTheSameJtiThenAccepted() throws Exception {
        Map<String, Object> claims = claims();
        verify(Proofs.sign(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC));

        assertThat(verify(Proofs.sign(Proofs.header(EC_OTHER, JWSAlgorithm.ES256), claims, EC_OTHER)))
                .isNotNull();
    }

    @Test
    void verifyWhenProofRefusedThenItsJtiIsNotRecorded() throws Exception {
        Map<String, Object> claims = claims();
        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC_OTHER, Reason.BAD_SIGNATURE);

        assertThat(verify(Proofs.sign(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC)))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jti", "htm", "htu", "iat"})
    void verifyWhenRequiredClaimAbsentThenMissingClaim(String claim) {
        Map<String, Object> claims = claims();
        claims.remove(claim);

        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC, Reason.MISSING_CLAIM);
    }

    @Test
    void verifyWhenJtiBlankThenMissingClaim() {
        Map<String, Object> claims = claims();
        claims.put("jti", "  ");

        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC, Reason.MISSING_CLAIM);
    }

    @Test
    void verifyWhenAthIsTheHashOfAnotherTokenThenWrongAth() {
        Map<String, Object> claims = claims();
        claims.put("ath", ProofClaims.tokenHash("another-token"));

        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC, Reason.WRONG_ATH);
    }

    @Test
    void verifyWhenAthAbsentWithAnAccessTokenThenMissingClaim() {
        Map<String, Object> claims = claims();
        claims.remove("ath");

        assertRefused(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC, Reason.MISSING_CLAIM);
    }

    @Test
    void verifyWhenNoAccessTokenThenAthNotRequired() throws Exception {
        Map<String, Object> claims = claims();
        claims.remove("ath");
        String proof = Proofs.sign(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC);

        assertThat(verifier.verify(proof, METHOD, TARGET, null)).isNotNull();
    }

    @Test
    void verifyWhenAthIsTheTokensSha256ThenItMatchesRfc9449() {
        byte[] digest = sha256(TOKEN);

        assertThat(ProofClaims.tokenHash(TOKEN))
                .isEqualTo(Base64URL.encode(digest).toString());
    }

    @Test
    void verifyWhenBoundToAnotherKeyThenWrongKeyAndJtiNotRecorded() throws Exception {
        String proof = Proofs.valid(EC, JWSAlgorithm.ES256, NOW);
        String otherThumbprint = EC_OTHER.computeThumbprint().toString();
        String ownThumbprint = EC.computeThumbprint().toString();

        assertRefused(() -> verifier.verify(proof, METHOD, TARGET, TOKEN, otherThumbprint), Reason.WRONG_KEY);
        assertThat(verifier.verify(proof, METHOD, TARGET, TOKEN, ownThumbprint).thumbprint())
                .isEqualTo(ownThumbprint);
    }

    @Test
    void verifyWhenReplayCacheFullThenReplayCheckUnavailable() throws Exception {
        DPoPProofVerifier small = DPoPProofVerifier.of(DPoPProofSettings.builder()
                .clock(clock)
                .replayCache(new InMemoryDPoPReplayCache(1))
                .build());
        small.verify(Proofs.valid(EC, JWSAlgorithm.ES256, NOW), METHOD, TARGET, TOKEN);

        assertThatThrownBy(() -> small.verify(Proofs.valid(EC, JWSAlgorithm.ES256, NOW), METHOD, TARGET, TOKEN))
                .isInstanceOfSatisfying(DPoPProofException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REPLAY_CHECK_UNAVAILABLE);
                    assertThat(e.clientError()).isFalse();
                });
    }

    @Test
    void verifyWhenRefusedThenMessageHoldsNeitherProofNorTokenNorClaims() {
        Map<String, Object> claims = claims();
        claims.put("htu", "https://evil.example.com/\r\nInjected");
        String proof = Proofs.sign(Proofs.header(EC, JWSAlgorithm.ES256), claims, EC);

        assertThatThrownBy(() -> verify(proof))
                .isInstanceOf(DPoPProofException.class)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty())
                .message()
                .doesNotContain(proof.substring(0, 20), TOKEN, "evil", (String) claims.get("jti"));
    }

    @Test
    void verifyWhenAllowlistNarrowedThenOtherAlgorithmsRefused() {
        DPoPProofVerifier esOnly = DPoPProofVerifier.of(DPoPProofSettings.builder()
                .clock(clock)
                .algorithms(Set.of(JWSAlgorithm.ES256))
                .build());
        String proof = Proofs.valid(RSA, JWSAlgorithm.RS256, NOW);

        assertRefused(() -> esOnly.verify(proof, METHOD, TARGET, TOKEN), Reason.BAD_ALGORITHM);
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
