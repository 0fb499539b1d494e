package dev.jwtfilter.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.proof.DPoPProofException;
import dev.jwtfilter.proof.DPoPProofSettings;
import dev.jwtfilter.proof.DPoPProofVerifier;
import dev.jwtfilter.proof.VerifiedDPoPProof;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
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
 * What checking one DPoP proof costs (RFC 9449 section 4.3), against the JDK's own signature check of the same bytes:
 * <ul>
 *   <li>{@code side=jdk}: the floor. {@link Signature#getInstance}, {@code initVerify} with the already-made
 *       public key, {@code update} with the proof's signing input, {@code verify}; the same key, the same bytes.
 *       ES256/ES384 use the JDK's {@code SHAxxxwithECDSAinP1363Format}, which takes the JWS form of the signature
 *       (R || S) as it is; PS256 uses {@code RSASSA-PSS} with SHA-256, MGF1(SHA-256) and a 32-byte salt.</li>
 *   <li>{@code side=dpop}: {@link DPoPProofVerifier#verify(String, String, URI, String, String)} as a resource
 *       server calls it, with the access token (so {@code ath} is checked) and the token's {@code cnf.jkt} (so the
 *       thumbprint is compared): split, canonical-encoding check, JSON, {@code typ}/{@code alg}/{@code crit},
 *       {@code jwk} parsing into a public key, {@code htm}, {@code htu} normalization, {@code iat}, {@code ath},
 *       signature, RFC 7638 thumbprint, and the digest that keys the replay cache.</li>
 * </ul>
 * Both run as one benchmark method, {@code check}, with a {@code side} parameter, so that JMH measures the two sides
 * of one algorithm one after the other: on a shared machine, the load changes over the minutes of a run, and a ratio
 * is only fair between neighbouring measurements. Each call takes the next proof of a pool of 1024 made in setup, each with its own {@code jti}. The replay cache is a
 * lambda that accepts every proof: the pool comes round again every 1024 calls, which a real cache would refuse, and
 * what a cache costs depends on the cache (an in-memory map or a database round trip), not on the verifier. The
 * clock is fixed at the instant the proofs were made, so that no proof grows stale during a run. Run with
 * {@code -prof gc} for allocation per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DPoPProofBenchmark {
    private static final int POOL = 1024;
    private static final String METHOD = "POST";
    private static final URI TARGET = URI.create("https://api.example.com/orders/42/items");

    @Param({"ES256", "ES384", "RS256", "PS256"})
    public String algorithm;

    /** {@code jdk} for the JDK's signature check alone, {@code dpop} for the whole proof verification. */
    @Param({"jdk", "dpop"})
    public String side;

    private boolean jdk;

    private String[] proofs;
    private byte[][] signingInputs;
    private byte[][] signatures;
    private PublicKey publicKey;
    private String jdkAlgorithm;
    private PSSParameterSpec pss;
    private String accessToken;
    private String thumbprint;
    private DPoPProofVerifier verifier;
    private int next;

    @Setup
    public void setUp() throws Exception {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        JWK key = generate(alg);
        publicKey = alg.getName().startsWith("E")
                ? key.toECKey().toECPublicKey()
                : key.toRSAKey().toRSAPublicKey();
        jdkAlgorithm = jdkAlgorithm(alg);
        pss = alg.equals(JWSAlgorithm.PS256)
                ? new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)
                : null;
        accessToken = new BenchKeys("RS256").token();
        thumbprint = key.toPublicJWK().computeThumbprint().toString();
        Instant now = Instant.now();
        verifier = DPoPProofVerifier.of(DPoPProofSettings.builder()
                .algorithms(Set.of(alg))
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .replayCache((digest, expiresAt, at) -> true)
                .build());
        makePool(key, alg, now);
        checkBothAccept();
        jdk = side.equals("jdk");
    }

    private void makePool(JWK key, JWSAlgorithm alg, Instant now) throws JOSEException {
        proofs = new String[POOL];
        signingInputs = new byte[POOL][];
        signatures = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            proofs[i] = proof(key, alg, now);
            int lastDot = proofs[i].lastIndexOf('.');
            signingInputs[i] = proofs[i].substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
            signatures[i] = new Base64URL(proofs[i].substring(lastDot + 1)).decode();
        }
    }

    private void checkBothAccept() throws Exception {
        for (int i = 0; i < POOL; i++) {
            if (!jdkSignature() || dpopVerify() == null) {
                throw new IllegalStateException("A benchmark proof does not verify");
            }
        }
    }

    private String proof(JWK key, JWSAlgorithm alg, Instant now) throws JOSEException {
        JWSHeader header = new JWSHeader.Builder(alg)
                .type(new JOSEObjectType(DPoPProofVerifier.TYPE))
                .jwk(key.toPublicJWK())
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", METHOD)
                .claim("htu", TARGET.toString())
                .issueTime(Date.from(now))
                .claim("ath", tokenHash(accessToken))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, alg));
        return jwt.serialize();
    }

    private static JWK generate(JWSAlgorithm alg) throws JOSEException {
        if (alg.equals(JWSAlgorithm.ES256)) {
            return new ECKeyGenerator(Curve.P_256).generate();
        }
        if (alg.equals(JWSAlgorithm.ES384)) {
            return new ECKeyGenerator(Curve.P_384).generate();
        }
        return new RSAKeyGenerator(2048).generate();
    }

    private static String jdkAlgorithm(JWSAlgorithm alg) {
        return switch (alg.getName()) {
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "RS256" -> "SHA256withRSA";
            case "PS256" -> "RSASSA-PSS";
            default -> throw new IllegalArgumentException(alg.getName());
        };
    }

    private static String tokenHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(digest).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private int nextIndex() {
        next = (next + 1) & (POOL - 1);
        return next;
    }

    /**
     * @return the outcome of the side measured: whether the JDK accepts the signature, or the verified proof
     * @throws Exception never, the proofs being valid
     */
    @Benchmark
    public Object check() throws Exception {
        return jdk ? jdkSignature() : dpopVerify();
    }

    /** @return whether the JDK accepts the next proof's signature */
    boolean jdkSignature() throws GeneralSecurityException {
        int i = nextIndex();
        Signature signature = Signature.getInstance(jdkAlgorithm);
        if (pss != null) {
            signature.setParameter(pss);
        }
        signature.initVerify(publicKey);
        signature.update(signingInputs[i]);
        return signature.verify(signatures[i]);
    }

    /** @return the next proof, verified as a resource server does (with {@code ath} and the bound thumbprint) */
    VerifiedDPoPProof dpopVerify() throws DPoPProofException {
        return verifier.verify(proofs[nextIndex()], METHOD, TARGET, accessToken, thumbprint);
    }
}
