package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line proof signer {@code tools/DPoPProof.java}, run as a real process with this JVM's own
 * {@code java} and the single-file source launcher, exactly as a curl user runs it; its proofs are checked by
 * our {@link DPoPProofVerifier} and its thumbprints by Nimbus.
 */
class DPoPProofToolTest {
    private static final Path TOOL = Path.of(System.getProperty("user.dir"), "..", "tools", "DPoPProof.java")
            .normalize();
    private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final String API = "https://localhost:8080/api/me";
    private static final String TOKEN_ENDPOINT = "https://localhost:8080/auth/token";

    @TempDir
    static Path shared;

    private static Path keyFile;
    private static Result keygen;

    @TempDir
    Path dir;

    private final DPoPProofVerifier verifier =
            DPoPProofVerifier.of(DPoPProofSettings.builder().build());

    private record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String jwk() {
            return value("jwk: ");
        }

        String jkt() {
            return value("jkt: ");
        }

        private String value(String prefix) {
            return lines().stream()
                    .filter(line -> line.startsWith(prefix))
                    .map(line -> line.substring(prefix.length()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in " + out));
        }
    }

    @BeforeAll
    static void generateKey() throws Exception {
        assertThat(TOOL).exists();
        keyFile = shared.resolve("client-key.pem");
        keygen = run(shared, "keygen", keyFile.toString());
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
    }

    private static Result run(Path workDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), TOOL.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("DPoPProof did not finish within 120 s");
        }
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Result proof(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("proof", keyFile.toString()));
        all.addAll(List.of(args));
        Result result = run(dir, all.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.lines()).as("stdout holds the proof and nothing else").hasSize(1);
        return result;
    }

    private static JWTClaimsSet claims(String proof) throws Exception {
        return SignedJWT.parse(proof).getJWTClaimsSet();
    }

    @Test
    void keygenWhenFileIsNewThenPrintsPublicJwkAndItsNimbusThumbprint() throws Exception {
        JWK jwk = JWK.parse(keygen.jwk());

        assertThat(jwk).isInstanceOf(ECKey.class);
        assertThat(jwk.toECKey().getCurve()).isEqualTo(Curve.P_256);
        assertThat(jwk.isPrivate()).isFalse();
        assertThat(keygen.jkt()).isEqualTo(jwk.computeThumbprint().toString());
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void keygenWhenFileSystemIsPosixThenKeyFileIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(Files.getFileStore(keyFile).supportsFileAttributeView("posix"), "no POSIX permissions here");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
    }

    @Test
    void keygenWhenFileExistsThenExitTwoAndFileUnchanged() throws Exception {
        Path existing = Files.writeString(dir.resolve("existing.pem"), "precious");

        Result result = run(dir, "keygen", existing.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("already exists");
        assertThat(Files.readString(existing)).isEqualTo("precious");
    }

    @Test
    void jwkWhenKeyExistsThenPrintsTheSameJwkAsKeygen() throws Exception {
        Result result = run(dir, "jwk", keyFile.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(keygen.out());
    }

    @Test
    void proofWhenAccessTokenGivenThenVerifierAcceptsItBoundToTheKeygenThumbprint() throws Exception {
        String proof = proof("GET", API, TOKEN).out().strip();

        VerifiedDPoPProof verified = verifier.verify(proof, "GET", URI.create(API), TOKEN, keygen.jkt());

        assertThat(verified.thumbprint()).isEqualTo(keygen.jkt());
        assertThat(verified.algorithm()).isEqualTo("ES256");
        SignedJWT parsed = SignedJWT.parse(proof);
        assertThat(parsed.getHeader().getJWK().toJSONObject())
                .isEqualTo(JWK.parse(keygen.jwk()).toJSONObject());
        assertThat(parsed.verify(new ECDSAVerifier(JWK.parse(keygen.jwk()).toECKey())))
                .as("Nimbus' own ES256 check")
                .isTrue();
        assertThat(claims(proof).getStringClaim("ath")).isEqualTo(ProofClaims.tokenHash(TOKEN));
        assertThat(claims(proof).getIssueTime().toInstant())
                .isBetween(Instant.now().minusSeconds(130), Instant.now());
    }

    @Test
    void proofWhenSignedTwiceThenEachHasItsOwnJtiAndBothAreAccepted() throws Exception {
        String first = proof("GET", API, TOKEN).out().strip();
        String second = proof("GET", API, TOKEN).out().strip();

        assertThat(claims(first).getJWTID()).isNotEqualTo(claims(second).getJWTID());
        verifier.verify(first, "GET", URI.create(API), TOKEN, keygen.jkt());
        verifier.verify(second, "GET", URI.create(API), TOKEN, keygen.jkt());
    }

    @Test
    void proofWhenNoAccessTokenThenAcceptedAtTokenEndpointWithoutAth() throws Exception {
        String proof = proof("POST", TOKEN_ENDPOINT).out().strip();

        VerifiedDPoPProof verified = verifier.verify(proof, "POST", URI.create(TOKEN_ENDPOINT), null, keygen.jkt());

        assertThat(verified.thumbprint()).isEqualTo(keygen.jkt());
        assertThat(claims(proof).getClaims()).doesNotContainKey("ath").doesNotContainKey("nonce");
    }

    @Test
    void proofWhenNonceGivenThenClaimCarriesIt() throws Exception {
        String nonce = "eyJ7S_zG.yb-Hh4~!";

        String proof = proof("GET", API, TOKEN, "--nonce", nonce).out().strip();

        assertThat(claims(proof).getStringClaim("nonce")).isEqualTo(nonce);
        verifier.verify(proof, "GET", URI.create(API), TOKEN, keygen.jkt());
    }

    @Test
    void proofWhenUrlHasQueryAndFragmentThenHtuHasNeither() throws Exception {
        String url = API + "?page=2&sort=name#top";

        String proof = proof("GET", url, TOKEN).out().strip();

        assertThat(claims(proof).getStringClaim("htu")).isEqualTo(API);
        verifier.verify(proof, "GET", URI.create(url), TOKEN, keygen.jkt());
    }

    @Test
    void proofWhenUrlHasUserInfoThenHtuOmitsIt() throws Exception {
        String url = "https://alice:secret@localhost:8080/api/me";

        String proof = proof("GET", url, TOKEN).out().strip();

        assertThat(claims(proof).getStringClaim("htu")).isEqualTo(API);
        verifier.verify(proof, "GET", URI.create(API), TOKEN, keygen.jkt());
    }

    @Test
    void proofWhenKeyMadeElsewhereThenSignedWithThatKeysPublicHalf() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path foreign = Files.writeString(dir.resolve("foreign.pem"), pem);
        String expected = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
                .build()
                .computeThumbprint()
                .toString();

        Result result = run(dir, "proof", foreign.toString(), "GET", API, TOKEN);

        assertThat(result.exitCode()).as(result.err()).isZero();
        VerifiedDPoPProof verified = verifier.verify(result.out().strip(), "GET", URI.create(API), TOKEN, expected);
        assertThat(verified.thumbprint()).isEqualTo(expected);
    }

    @Test
    void runWhenNoArgumentsThenUsageOnStderrAndExitTwo() throws Exception {
        Result result = run(dir);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Usage:", "keygen KEY_FILE", "proof KEY_FILE METHOD URL");
    }

    @Test
    void proofWhenKeyFileMissingThenExitTwoWithMessageAndNoStackTrace() throws Exception {
        Result result = run(dir, "proof", "no-such-key.pem", "GET", API, TOKEN);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("no-such-key.pem", "no such file").doesNotContain("Exception", "\tat ");
    }

    @Test
    void proofWhenNonceHasAQuoteThenExitTwoAndNoProof() throws Exception {
        Result result = run(dir, "proof", keyFile.toString(), "GET", API, TOKEN, "--nonce", "a\"b");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("NONCE");
    }
}
