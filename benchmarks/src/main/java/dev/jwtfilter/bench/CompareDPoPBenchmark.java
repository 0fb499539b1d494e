package dev.jwtfilter.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProtectedResourceRequestVerifier;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import dev.jwtfilter.proof.DPoPProofSettings;
import dev.jwtfilter.proof.DPoPProofVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ES256 DPoP proof check as a resource server makes it (RFC 9449 section 4.3, with {@code ath} and the token's
 * {@code cnf.jkt}), side by side (issue 20):
 * <ul>
 *   <li>{@code jdk}: the floor, {@code SHA256withECDSAinP1363Format} over the proof's signing input with the
 *       already-made key;</li>
 *   <li>{@code ours}: {@link DPoPProofVerifier#verify(String, String, URI, String, String)};</li>
 *   <li>{@code nimbus}: {@code SignedJWT.parse} then Nimbus OAuth SDK's
 *       {@link DPoPProtectedResourceRequestVerifier#verify} (its resource-server verifier; the SDK has no class named
 *       {@code DefaultDPoPProofVerifier}), with the access token and the thumbprint confirmation.</li>
 * </ul>
 * Both replay checks accept every proof (the pool of 1024 comes round again), so neither side measures a cache.
 * Setup refuses to measure a side that accepts a changed signature, or (for the two verifiers) a proof for another
 * method, for another access token, or a key other than the bound one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CompareDPoPBenchmark {
    private static final int POOL = 1024;
    private static final String METHOD = "GET";
    private static final URI TARGET = URI.create("https://api.example.com/orders/42/items");
    /** Nimbus compares iat with the real clock: wide enough that setup's proofs stay fresh for a whole run. */
    private static final long NIMBUS_SKEW_SECONDS = 3600;

    @Param({"jdk", "ours", "nimbus"})
    public String side;

    private String[] proofs;
    private byte[][] inputs;
    private byte[][] signatures;
    private PublicKey publicKey;
    private String accessToken;
    private String thumbprint;
    private DPoPProofVerifier ours;
    private DPoPProtectedResourceRequestVerifier nimbus;
    private DPoPIssuer nimbusIssuer;
    private DPoPAccessToken nimbusToken;
    private JWKThumbprintConfirmation nimbusCnf;
    private int mode;
    private int next;

    @Setup
    public void setUp() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        publicKey = key.toECPublicKey();
        accessToken = new BenchKeys("ES256").token();
        thumbprint = key.toPublicJWK().computeThumbprint().toString();
        Instant now = Instant.now();
        ours = DPoPProofVerifier.of(DPoPProofSettings.builder()
                .algorithms(Set.of(JWSAlgorithm.ES256))
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .replayCache((digest, expiresAt, at) -> true)
                .build());
        nimbus = new DPoPProtectedResourceRequestVerifier(Set.of(JWSAlgorithm.ES256), NIMBUS_SKEW_SECONDS, used -> {});
        nimbusIssuer = new DPoPIssuer("bench-client");
        nimbusToken = new DPoPAccessToken(accessToken);
        nimbusCnf = new JWKThumbprintConfirmation(new Base64URL(thumbprint));
        proofs = new String[POOL];
        inputs = new byte[POOL][];
        signatures = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            proofs[i] = proof(key, METHOD, accessToken);
            inputs[i] = proofs[i].substring(0, proofs[i].lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
            signatures[i] = new Base64URL(proofs[i].substring(proofs[i].lastIndexOf('.') + 1)).decode();
        }
        mode = List.of("jdk", "ours", "nimbus").indexOf(side);
        selfCheck(key);
    }

    private void selfCheck(ECKey key) throws JOSEException {
        List<String> wrong = new ArrayList<>();
        if (!accepts(proofs[0], accessToken, thumbprint)) {
            wrong.add("refuses a valid proof");
        }
        if (accepts(Competitors.changeSignature(proofs[0]), accessToken, thumbprint)) {
            wrong.add("accepts a changed signature");
        }
        if (mode != 0) {
            if (accepts(proof(key, "POST", accessToken), accessToken, thumbprint)) {
                wrong.add("accepts a proof for another method");
            }
            if (accepts(proof(key, METHOD, "another-token"), accessToken, thumbprint)) {
                wrong.add("accepts a proof for another access token");
            }
            ECKey other = new ECKeyGenerator(Curve.P_256).generate();
            if (accepts(proof(other, METHOD, accessToken), accessToken, thumbprint)) {
                wrong.add("accepts a key other than the bound one");
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("Not measured, " + side + " does not verify: " + wrong);
        }
    }

    private boolean accepts(String proof, String token, String jkt) {
        try {
            return switch (mode) {
                case 0 ->
                    jdk(
                            proof.substring(0, proof.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII),
                            new Base64URL(proof.substring(proof.lastIndexOf('.') + 1)).decode());
                case 1 -> ours.verify(proof, METHOD, TARGET, token, jkt) != null;
                default -> {
                    nimbus.verify(
                            METHOD,
                            TARGET,
                            nimbusIssuer,
                            SignedJWT.parse(proof),
                            new DPoPAccessToken(token),
                            new JWKThumbprintConfirmation(new Base64URL(jkt)));
                    yield true;
                }
            };
        } catch (Exception refused) {
            return false;
        }
    }

    private static String proof(ECKey key, String method, String token) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", TARGET.toString())
                .issueTime(new Date())
                .claim("ath", ath(token))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType(DPoPProofVerifier.TYPE))
                        .jwk(key.toPublicJWK())
                        .build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String ath(String token) {
        try {
            return Base64URL.encode(
                            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)))
                    .toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean jdk(byte[] input, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey);
        verifier.update(input);
        return verifier.verify(signature);
    }

    /**
     * @return the side's result for the next proof
     * @throws Exception never, the proofs being valid
     */
    @Benchmark
    public Object verify() throws Exception {
        next = (next + 1) & (POOL - 1);
        return switch (mode) {
            case 0 -> jdk(inputs[next], signatures[next]);
            case 1 -> ours.verify(proofs[next], METHOD, TARGET, accessToken, thumbprint);
            default -> {
                nimbus.verify(METHOD, TARGET, nimbusIssuer, SignedJWT.parse(proofs[next]), nimbusToken, nimbusCnf);
                yield nimbusToken;
            }
        };
    }
}
