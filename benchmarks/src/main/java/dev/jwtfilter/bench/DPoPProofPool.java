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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Prepares a DPoP load run against the demo, outside the measured time: a new ES256 client key, a DPoP-bound access
 * token from the demo's {@code /auth/login} (with a proof for it), and a pool of distinct proofs for {@code GET} of
 * one URL with that token, one per line, each usable once. The load generator (wrk) only sends them, so the run
 * measures the server's work, not the client's signing.
 *
 * <pre>java -cp benchmarks.jar dev.jwtfilter.bench.DPoPProofPool BASE_URL TARGET_URL COUNT TOKEN_FILE PROOF_FILE</pre>
 */
public final class DPoPProofPool {
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private DPoPProofPool() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: DPoPProofPool BASE_URL TARGET_URL COUNT TOKEN_FILE PROOF_FILE");
            System.exit(2);
        }
        String base = args[0];
        String target = args[1];
        int count = Integer.parseInt(args[2]);
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        String token = login(base, key);
        Files.writeString(Path.of(args[3]), token + "\n");
        long start = System.nanoTime();
        String ath = ath(token);
        // Signed on every core: an ES256 signature costs the JDK a millisecond on a busy machine, and the proofs must
        // still be within their window when the run sends the last of them.
        List<String> proofs = IntStream.range(0, count)
                .parallel()
                .mapToObj(i -> proof(key, "GET", target, ath))
                .toList();
        Files.write(Path.of(args[4]), proofs, StandardCharsets.US_ASCII);
        System.err.printf("%d proofs in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    private static String login(String base, ECKey key) throws IOException, InterruptedException {
        String endpoint = base + "/auth/login";
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json")
                .header("DPoP", proof(key, "POST", endpoint, null))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"alice-demo-pass\"}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        Matcher token = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !token.find() || !response.body().contains("\"token_type\":\"DPoP\"")) {
            throw new IllegalStateException("DPoP login failed: HTTP " + response.statusCode());
        }
        return token.group(1);
    }

    static String proof(ECKey key, String method, String htu, String ath) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("htm", method)
                .claim("htu", htu)
                .issueTime(new Date());
        if (ath != null) {
            claims.claim("ath", ath);
        }
        SignedJWT proof = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("dpop+jwt"))
                        .jwk(key.toPublicJWK())
                        .build(),
                claims.build());
        try {
            proof.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return proof.serialize();
    }

    static String ath(String token) throws NoSuchAlgorithmException {
        return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)))
                .toString();
    }
}
