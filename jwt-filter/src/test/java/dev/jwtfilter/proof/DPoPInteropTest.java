package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proofs made by other people's code, accepted by ours: Nimbus' own {@code DefaultDPoPProofFactory} (OAuth 2.0 SDK),
 * the two examples of RFC 9449 itself, and a proof signed by Python's {@code cryptography} package. Thumbprints are
 * checked against values computed apart from our code (by hand after RFC 7638, by the RFC, by the Python script), and
 * each test also shows the rule it relies on refusing a near miss.
 */
class DPoPInteropTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final URI RESOURCE = URI.create("https://api.example.com/orders/42");
    private static final URI TOKEN_ENDPOINT = URI.create("https://api.example.com/auth/token");
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.an-access-token.signature";
    private static final ECKey EC = TestKeys.ec("interop-ec", Curve.P_256);
    private static final RSAKey RSA = TestKeys.rsa("interop-rsa", 2048);

    /** RFC 9449 section 4.1, figure 2: a proof for a token request (no ath), with the line folding undone. */
    private static final String RFC_FIGURE_2 = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwi"
            + "eCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5"
            + "IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNy"
            + "diI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCI"
            + "sImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTY"
            + "yMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiO"
            + "SsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

    /** RFC 9449 section 7.1, figure 13: a proof for a protected resource request, with ath. */
    private static final String RFC_FIGURE_13 = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwi"
            + "eCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5"
            + "IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNy"
            + "diI6IlAtMjU2In19.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiw"
            + "iaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJ"
            + "jZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHh"
            + "XWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA"
            + "1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";

    /** The access token of RFC 9449 figure 12, whose hash is figure 13's ath. */
    private static final String RFC_TOKEN = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

    /** The jkt of RFC 9449 figures 8 and 9: the thumbprint of the key in both example proofs. */
    private static final String RFC_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

    private static DPoPProofVerifier verifier(Instant now) {
        return DPoPProofVerifier.of(DPoPProofSettings.builder()
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build());
    }

    private static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        DPoPProofException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static JWK key(String algorithm) {
        return algorithm.startsWith("ES") ? EC : RSA;
    }

    /** RFC 7638 section 3.2 by hand: the required public members in lexicographic order, SHA-256, base64url. */
    private static String thumbprint(JWK key) throws Exception {
        String members = key instanceof ECKey ec
                ? "{\"crv\":\"" + ec.getCurve() + "\",\"kty\":\"EC\",\"x\":\"" + ec.getX() + "\",\"y\":\"" + ec.getY()
                        + "\"}"
                : "{\"e\":\"" + ((RSAKey) key).getPublicExponent() + "\",\"kty\":\"RSA\",\"n\":\""
                        + ((RSAKey) key).getModulus() + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(members.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static String nimbusProof(String algorithm, String method, URI uri, String accessToken, String jti)
            throws Exception {
        DefaultDPoPProofFactory factory = new DefaultDPoPProofFactory(key(algorithm), JWSAlgorithm.parse(algorithm));
        DPoPAccessToken token = accessToken == null ? null : new DPoPAccessToken(accessToken);
        return factory.createDPoPJWT(new JWTID(jti), method, uri, Date.from(NOW), token)
                .serialize();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256", "PS256"})
    void verifyWhenNimbusFactoryProofWithAthThenAcceptedAndBoundToItsKey(String algorithm) throws Exception {
        String jkt = thumbprint(key(algorithm));
        String proof = nimbusProof(algorithm, "GET", RESOURCE, TOKEN, "nimbus-" + algorithm);

        VerifiedDPoPProof verified = verifier(NOW).verify(proof, "GET", RESOURCE, TOKEN, jkt);

        assertThat(verified.thumbprint()).isEqualTo(jkt);
        assertThat(verified.id()).isEqualTo("nimbus-" + algorithm);
        assertThat(verified.algorithm()).isEqualTo(algorithm);
        assertRefused(() -> verifier(NOW).verify(proof, "GET", RESOURCE, TOKEN + "x", jkt), Reason.WRONG_ATH);
        assertRefused(
                () -> verifier(NOW).verify(proof, "GET", RESOURCE, TOKEN, thumbprint(TestKeys.EC)), Reason.WRONG_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256", "PS256"})
    void verifyWhenNimbusFactoryProofWithoutAthThenAcceptedAtTheTokenEndpointOnly(String algorithm) throws Exception {
        String proof = nimbusProof(algorithm, "POST", TOKEN_ENDPOINT, null, "nimbus-token-" + algorithm);

        VerifiedDPoPProof verified = verifier(NOW).verify(proof, "POST", TOKEN_ENDPOINT, null);

        assertThat(verified.thumbprint()).isEqualTo(thumbprint(key(algorithm)));
        assertRefused(() -> verifier(NOW).verify(proof, "POST", TOKEN_ENDPOINT, TOKEN), Reason.MISSING_CLAIM);
        assertRefused(() -> verifier(NOW).verify(proof, "GET", TOKEN_ENDPOINT, null), Reason.WRONG_METHOD);
    }

    @Test
    void verifyWhenRfc9449Figure2AtItsIatThenAcceptedWithTheRfcThumbprint() throws Exception {
        Instant iat = Instant.ofEpochSecond(1562262616);
        URI htu = URI.create("https://server.example.com/token");

        VerifiedDPoPProof verified = verifier(iat).verify(RFC_FIGURE_2, "POST", htu, null, RFC_JKT);

        assertThat(verified.id()).isEqualTo("-BwC3ESc6acc2lTc");
        assertThat(verified.issuedAt()).isEqualTo(iat);
        assertThat(verified.thumbprint()).isEqualTo(RFC_JKT);
        // A token-request proof: it carries no ath, so it cannot go with an access token.
        assertRefused(() -> verifier(iat).verify(RFC_FIGURE_2, "POST", htu, RFC_TOKEN), Reason.MISSING_CLAIM);
        assertRefused(() -> verifier(NOW).verify(RFC_FIGURE_2, "POST", htu, null), Reason.STALE);
    }

    @Test
    void verifyWhenRfc9449Figure13WithItsAccessTokenThenAccepted() throws Exception {
        Instant iat = Instant.ofEpochSecond(1562262618);
        URI htu = URI.create("https://resource.example.org/protectedresource");

        VerifiedDPoPProof verified = verifier(iat).verify(RFC_FIGURE_13, "GET", htu, RFC_TOKEN, RFC_JKT);

        assertThat(verified.id()).isEqualTo("e1j3V_bKic8-LAEB");
        assertThat(ProofClaims.tokenHash(RFC_TOKEN)).isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
        assertRefused(
                () -> verifier(iat)
                        .verify(RFC_FIGURE_13, "GET", URI.create("https://resource.example.org/other"), RFC_TOKEN),
                Reason.WRONG_URI);
    }

    @Test
    void verifyWhenEs256ProofMadeByPythonCryptographyThenAcceptedAndBoundToItsKey() throws Exception {
        Assumptions.assumeTrue(
                pythonCryptographyAvailable(),
                "python3 with the cryptography package is missing (Debian: apt-get install python3-cryptography)");
        List<String> lines =
                python(script().toString(), "GET", RESOURCE.toString(), String.valueOf(NOW.getEpochSecond()), TOKEN);
        String proof = lines.get(0);
        String jkt = lines.get(1);

        VerifiedDPoPProof verified = verifier(NOW).verify(proof, "GET", RESOURCE, TOKEN, jkt);

        assertThat(verified.thumbprint()).isEqualTo(jkt);
        assertThat(verified.algorithm()).isEqualTo("ES256");
        assertRefused(() -> verifier(NOW).verify(proof, "GET", RESOURCE, TOKEN, RFC_JKT), Reason.WRONG_KEY);
        assertRefused(() -> verifier(NOW).verify(proof, "GET", RESOURCE, TOKEN + "x", jkt), Reason.WRONG_ATH);
        DPoPProofVerifier once = verifier(NOW);
        once.verify(proof, "GET", RESOURCE, TOKEN, jkt);
        assertRefused(() -> once.verify(proof, "GET", RESOURCE, TOKEN, jkt), Reason.REPLAYED);
    }

    private static Path script() throws Exception {
        return Path.of(DPoPInteropTest.class.getResource("/dpop/es256_proof.py").toURI());
    }

    private static boolean pythonCryptographyAvailable() {
        try {
            return python("-c", "import cryptography").isEmpty();
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** Runs python3 with the arguments; its output lines, or IllegalStateException when it fails. */
    private static List<String> python(String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("python3"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("python3 failed: " + output);
            }
            return output.lines().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            process.destroy();
        }
    }
}
