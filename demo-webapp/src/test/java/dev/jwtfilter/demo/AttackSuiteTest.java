package dev.jwtfilter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.jwtfilter.issue.SigningKeyFiles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known JWT attacks against the running demo over HTTP: each forged token is signed with the demo's own
 * key (or the attacker's) so that exactly one thing is wrong with it. Every case must be refused with a
 * 4xx in the RFC 6750 shape; none may yield a 5xx, a stack trace, or a log line holding a token.
 */
class AttackSuiteTest {
    private static final String AUDIENCE = "jwt-demo-api";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> LOGGED = new ArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (LOGGED) {
                LOGGED.add(
                        String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private static DemoServer demo;
    private static RSAKey serverKey;
    private static RSAKey attackerKey;
    private static HttpServer attackerJwks;
    private static final AtomicInteger attackerHits = new AtomicInteger();
    private static final List<String> SENT = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Logger.getLogger("").addHandler(CAPTURE);
        Logger.getLogger("dev.jwtfilter").setLevel(java.util.logging.Level.ALL);
        Path data = Files.createTempDirectory("jwt-demo-attacks");
        demo = new DemoServer(Map.of(DemoSettings.DATA, data.toString()));
        serverKey =
                (RSAKey) SigningKeyFiles.load(data.resolve("signing-keys.json")).activeKey();
        attackerKey = new RSAKeyGenerator(2048).keyID(serverKey.getKeyID()).generate();
        attackerJwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        attackerJwks.createContext("/", exchange -> {
            attackerHits.incrementAndGet();
            byte[] body =
                    ("{\"keys\":[" + attackerKey.toPublicJWK().toJSONString() + "]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attackerJwks.start();
    }

    @AfterAll
    static void stop() {
        demo.close();
        attackerJwks.stop(0);
        Logger.getLogger("").removeHandler(CAPTURE);
        Logger.getLogger("dev.jwtfilter").setLevel(null);
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        // A jti and a client_id as the demo's own tokens carry (its revocation list and its RFC 9068 profile
        // refuse tokens without them), so each attack is refused for its own defect.
        return new JWTClaimsSet.Builder()
                .issuer(demo.issuer())
                .audience(AUDIENCE)
                .subject("alice")
                .claim("upn", "alice")
                .claim("groups", List.of("user"))
                .claim("client_id", "demo-web")
                .jwtID(java.util.UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(serverKey.getKeyID())
                .type(new JOSEObjectType("at+jwt"));
    }

    private static String signed(JWSHeader header, JWTClaimsSet claims) {
        return signed(header, claims, serverKey);
    }

    private static String signed(JWSHeader header, JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs raw header and payload JSON with the server key: for JSON no builder would write. */
    private static String signedRaw(String headerJson, String payloadJson) {
        try {
            String signingInput = Base64URL.encode(headerJson).toString() + "." + Base64URL.encode(payloadJson);
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(serverKey.toPrivateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64URL.encode(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacWith(byte[] secret) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID(serverKey.getKeyID())
                            .type(new JOSEObjectType("at+jwt"))
                            .build(),
                    claims().build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token signed by a fresh key whose self-signed certificate travels in {@code x5c}: the certificate is
     * the attacker's, so trusting the header would accept it. The JDK has no API to make a certificate, so
     * its own {@code keytool} makes one.
     */
    private static String x5c(boolean withOurKid) {
        try {
            Path dir = Files.createTempDirectory("jwt-attacker-cert");
            Path store = dir.resolve("attacker.p12");
            Process keytool = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "keytool")
                                    .toString(),
                            "-genkeypair",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-alias",
                            "attacker",
                            "-dname",
                            "CN=jwt-demo",
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            "attacker-pass")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile())
                    .start();
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
            }
            java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
            try (java.io.InputStream in = Files.newInputStream(store)) {
                keys.load(in, "attacker-pass".toCharArray());
            }
            java.security.cert.Certificate certificate = keys.getCertificate("attacker");
            java.security.PrivateKey privateKey =
                    (java.security.PrivateKey) keys.getKey("attacker", "attacker-pass".toCharArray());
            JWSHeader.Builder header = header().keyID(withOurKid ? serverKey.getKeyID() : null)
                    .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(certificate.getEncoded())));
            SignedJWT jwt = new SignedJWT(header.build(), claims().build());
            jwt.sign(new RSASSASigner(privateKey));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String zeroSignature(String alg, int bytes) {
        String h =
                Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}").toString();
        String p = claims().build().toPayload().toBase64URL().toString();
        return h + "." + p + "." + Base64URL.encode(new byte[bytes]);
    }

    private static String unsigned(String alg) {
        String h =
                Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\"}").toString();
        return h + "." + claims().build().toPayload().toBase64URL() + ".";
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static Stream<Arguments> forgedTokens() throws Exception {
        String valid = signed(header().build(), claims().build());
        String[] parts = valid.split("\\.");
        String adminPayload = claims().subject("admin")
                .claim("upn", "admin")
                .claim("groups", List.of("admin"))
                .build()
                .toPayload()
                .toBase64URL()
                .toString();
        Instant past = Instant.now().minusSeconds(7200);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(serverKey.toPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        URI jku = URI.create("http://127.0.0.1:" + attackerJwks.getAddress().getPort() + "/jwks.json");
        String payload = claims().build().toJSONObject().toString();
        String validPayloadJson = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(
                claims().build().toJSONObject());
        String headerJson = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + serverKey.getKeyID() + "\"}";
        return Stream.of(
                // Signature
                Arguments.of("alg none", unsigned("none")),
                Arguments.of("alg None", unsigned("None")),
                Arguments.of("alg NONE", unsigned("NONE")),
                Arguments.of("alg nOnE", unsigned("nOnE")),
                Arguments.of("signature stripped", parts[0] + "." + parts[1] + "."),
                Arguments.of("signature truncated", valid.substring(0, valid.length() - 12)),
                Arguments.of(
                        "payload swapped under the original signature", parts[0] + "." + adminPayload + "." + parts[2]),
                Arguments.of("HS256 with the public key as PEM", hmacWith(pem.getBytes(StandardCharsets.US_ASCII))),
                Arguments.of(
                        "HS256 with the public key as DER",
                        hmacWith(serverKey.toPublicKey().getEncoded())),
                Arguments.of(
                        "HS256 with the public key as JWK",
                        hmacWith(serverKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))),
                Arguments.of("ES256 r=s=0 (CVE-2022-21449)", zeroSignature("ES256", 64)),
                Arguments.of("ES384 r=s=0", zeroSignature("ES384", 96)),
                Arguments.of("ES512 r=s=0", zeroSignature("ES512", 132)),
                Arguments.of("other key, same kid", signed(header().build(), claims().build(), attackerKey)),
                Arguments.of("unknown kid", signed(header().keyID("no-such-key").build(), claims().build())),
                Arguments.of(
                        "kid path traversal",
                        signed(header().keyID("../../../../etc/passwd").build(), claims().build(), attackerKey)),
                Arguments.of(
                        "kid SQL", signed(header().keyID("' OR '1'='1' --").build(), claims().build(), attackerKey)),
                Arguments.of(
                        "kid very long",
                        signed(header().keyID("k".repeat(4000)).build(), claims().build(), attackerKey)),
                // Header tricks
                Arguments.of(
                        "jku to the attacker's JWKS",
                        signed(header().jwkURL(jku).build(), claims().build(), attackerKey)),
                Arguments.of(
                        "x5u to the attacker",
                        signed(header().x509CertURL(jku).build(), claims().build(), attackerKey)),
                Arguments.of("x5c with the attacker's certificate, no kid", x5c(false)),
                Arguments.of("x5c with the attacker's certificate and our kid", x5c(true)),
                Arguments.of(
                        "embedded attacker jwk",
                        signed(header().jwk(attackerKey.toPublicJWK()).build(), claims().build(), attackerKey)),
                Arguments.of(
                        "unknown crit",
                        signed(
                                header().customParam("x-policy", 1)
                                        .criticalParams(java.util.Set.of("x-policy"))
                                        .build(),
                                claims().build())),
                Arguments.of(
                        "b64 false",
                        signedRaw(
                                "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"b64\":false,\"crit\":[\"b64\"]}",
                                validPayloadJson)),
                Arguments.of(
                        "duplicated alg header",
                        signedRaw("{\"alg\":\"none\",\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", validPayloadJson)),
                Arguments.of(
                        "typ JWT where at+jwt is required",
                        signed(header().type(JOSEObjectType.JWT).build(), claims().build())),
                Arguments.of("typ absent", signed(header().type(null).build(), claims().build())),
                Arguments.of(
                        "cty JWT (nested)", signed(header().contentType("JWT").build(), claims().build())),
                Arguments.of("JWE five parts", "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.a.b.c.d"),
                Arguments.of(
                        "PBES2 huge p2c",
                        Base64URL.encode(
                                        "{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"p2c\":2000000000,\"p2s\":\"AAAAAAAAAAA\"}")
                                + ".a.b.c.d"),
                // Claims
                Arguments.of(
                        "expired",
                        signed(
                                header().build(),
                                claims().issueTime(Date.from(past))
                                        .expirationTime(Date.from(past.plusSeconds(60)))
                                        .build())),
                Arguments.of(
                        "nbf in the future",
                        signed(
                                header().build(),
                                claims().notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))
                                        .build())),
                Arguments.of(
                        "iat in the future",
                        signed(
                                header().build(),
                                claims().issueTime(Date.from(Instant.now().plusSeconds(3600)))
                                        .build())),
                Arguments.of(
                        "exp missing",
                        signed(header().build(), claims().expirationTime(null).build())),
                Arguments.of(
                        "exp null",
                        signedRaw(headerJson, validPayloadJson.replaceFirst("\"exp\":\\d+", "\"exp\":null"))),
                Arguments.of(
                        "exp out of range",
                        signedRaw(headerJson, validPayloadJson.replaceFirst("\"exp\":\\d+", "\"exp\":1e400"))),
                Arguments.of(
                        "exp huge integer",
                        signedRaw(
                                headerJson,
                                validPayloadJson.replaceFirst(
                                        "\"exp\":\\d+", "\"exp\":123456789012345678901234567890"))),
                Arguments.of(
                        "wrong issuer",
                        signed(
                                header().build(),
                                claims().issuer("https://evil.example").build())),
                Arguments.of(
                        "aud missing",
                        signed(
                                header().build(),
                                claims().audience((String) null).build())),
                Arguments.of(
                        "aud array without ours",
                        signed(
                                header().build(),
                                claims().audience(List.of("a", "b")).build())),
                Arguments.of(
                        "sub and upn not strings",
                        signed(
                                header().build(),
                                claims().subject(null).claim("upn", 42).build())),
                Arguments.of(
                        "sub and upn empty",
                        signed(
                                header().build(),
                                claims().subject("").claim("upn", "").build())),
                Arguments.of(
                        "groups of the wrong type",
                        signed(
                                header().build(),
                                claims().claim("groups", Map.of("admin", true)).build())),
                Arguments.of(
                        "groups holding a number",
                        signed(
                                header().build(),
                                claims().claim("groups", List.of("user", 1)).build())),
                Arguments.of(
                        "very long claim (token over 8 KiB)",
                        signed(
                                header().build(),
                                claims().claim("pad", "x".repeat(9000)).build())),
                Arguments.of(
                        "deeply nested JSON claim",
                        signedRaw(headerJson, validPayloadJson.replaceFirst("\\{", "{\"deep\":" + nested(5000) + ","))),
                Arguments.of(
                        "duplicated claim names",
                        signedRaw(
                                headerJson,
                                validPayloadJson.replaceFirst("\\{", "{\"sub\":\"admin\",\"upn\":\"admin\","))),
                // Token confusion
                Arguments.of(
                        "other audience, same key",
                        signed(header().build(), claims().audience("other-api").build())),
                Arguments.of(
                        "other issuer, same key",
                        signed(header().build(), claims().issuer("other-issuer").build())),
                // Garbage
                Arguments.of("three empty parts", ".."),
                Arguments.of("not base64", "!!!.???.***"),
                Arguments.of("header not JSON", Base64URL.encode("not json") + "." + parts[1] + "." + parts[2]),
                Arguments.of("payload not JSON", parts[0] + "." + Base64URL.encode("not json") + "." + parts[2]),
                Arguments.of("payload a JSON array", signedRaw(headerJson, "[1,2,3]")),
                Arguments.of("header a JSON string", Base64URL.encode("\"RS256\"") + "." + parts[1] + "." + parts[2]),
                Arguments.of("unused variable guard", payload.isEmpty() ? "" : "x.y.z"));
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(demo.base().resolve(path));
        for (String authorization : headers) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefusedCleanly(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("\"error\":\"" + error + "\"").doesNotContain("Exception", "\tat ", "eyJ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void apiWhenForgedTokenThen401InvalidToken(String attack, String token) throws Exception {
        synchronized (SENT) {
            SENT.add(token);
        }
        HttpResponse<String> response = get("/api/admin", "Bearer " + token);

        if (response.statusCode() == 400) {
            assertRefusedCleanly(response, 400, "invalid_request"); // characters outside RFC 6750's b64token
        } else {
            assertRefusedCleanly(response, 401, "invalid_token");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v)
                            .startsWith("Bearer realm=\"jwt-demo\", " + demo.resourceMetadata()
                                    + ", error=\"invalid_token\""));
        }
    }

    static Stream<Arguments> transport() {
        String valid = signed(header().build(), claims().build());
        return Stream.of(
                Arguments.of("lowercase scheme works", new String[] {"bearer " + valid}, 200, null),
                Arguments.of("no token", new String[] {}, 401, null),
                Arguments.of("empty Bearer", new String[] {"Bearer"}, 400, "invalid_request"),
                Arguments.of("Bearer and spaces", new String[] {"Bearer    "}, 400, "invalid_request"),
                Arguments.of(
                        "two Authorization headers",
                        new String[] {"Bearer " + valid, "Bearer " + valid},
                        400,
                        "invalid_request"),
                Arguments.of("padding inside the token", new String[] {"Bearer abc==def"}, 400, "invalid_request"),
                Arguments.of("non-base64url characters", new String[] {"Bearer abc$def"}, 400, "invalid_request"),
                Arguments.of("non-ASCII characters", new String[] {"Bearer t\u00f6ken"}, 400, "invalid_request"),
                Arguments.of(
                        "token of 9,000 characters", new String[] {"Bearer " + "a".repeat(9000)}, 401, "invalid_token"),
                Arguments.of("a 1 MiB header", new String[] {"Bearer " + "a".repeat(1024 * 1024)}, 431, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transport")
    void apiWhenTransportVariantThenExpectedAnswer(String attack, String[] authorization, int status, String error)
            throws Exception {
        HttpResponse<String> response = get("/api/me", authorization);

        assertThat(response.statusCode()).isEqualTo(status);
        if (error != null) {
            assertRefusedCleanly(response, status, error);
        }
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of("NUL", "\u0000"),
                Arguments.of("SOH", "\u0001"),
                Arguments.of("ESC", "\u001b"),
                Arguments.of("DEL", "\u007f"),
                Arguments.of("TAB", "\t"),
                Arguments.of("bare CR", "\r"));
    }

    /**
     * Control characters inside the token. The JDK's client refuses to send them, so this writes the request
     * itself; Jetty's parser or the filter must refuse with a 400, never a 5xx or an acceptance.
     */
    @ParameterizedTest(name = "{0} inside the token")
    @MethodSource("controlCharacters")
    void apiWhenControlCharacterInTheHeaderThen400(String name, String character) throws Exception {
        String valid = signed(header().build(), claims().build());
        String token = valid.substring(0, 40) + character + valid.substring(40);
        String response;
        try (java.net.Socket socket = new java.net.Socket(
                InetAddress.getLoopbackAddress(), demo.base().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(response).startsWith("HTTP/1.1 400 ").doesNotContain("Exception", "\tat ", "eyJ");
    }

    /**
     * Jetty's per-connection header cache is case-insensitive by default and then hands a later request the
     * case of an earlier value: after {@code Bearer E} on a keep-alive connection, Jetty 12.1 reads
     * {@code Bearer eyJ...} as {@code Bearer EyJ...}, and every valid token on that connection fails (found by
     * the mixed load run; on a proxy's pooled connection one client could do that to others). The demo turns
     * the cache case-sensitive; this keeps it so.
     */
    @ParameterizedTest(name = "after Bearer {0}")
    @MethodSource("casePrefixes")
    void apiWhenEarlierRequestOnTheConnectionSentACaseVariantPrefixThenValidTokenStillAccepted(String earlier)
            throws Exception {
        String valid = signed(header().build(), claims().build());
        try (java.net.Socket socket = new java.net.Socket(
                InetAddress.getLoopbackAddress(), demo.base().getPort())) {
            socket.setSoTimeout(10_000);
            java.io.InputStream in = socket.getInputStream();
            for (String token : new String[] {earlier, valid}) {
                socket.getOutputStream()
                        .write(("GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                                        + "\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                String status = readResponse(in);
                assertThat(status).startsWith(token.equals(valid) ? "HTTP/1.1 200 " : "HTTP/1.1 401 ");
            }
        }
    }

    static Stream<String> casePrefixes() {
        return Stream.of("E", "EY", "EYJ", "Ey");
    }

    /** @return the status line of one HTTP/1.1 response with a Content-Length, its body consumed */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                .matcher(head);
        in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Re-encodings of one part that Nimbus' lenient decoder reads as the same bytes (RFC 7515 section 2 allows one). */
    static Stream<Arguments> nonCanonicalParts() {
        Map<String, java.util.function.UnaryOperator<String>> variants = new java.util.LinkedHashMap<>();
        variants.put("+ and / for - and _", p -> p.replace('-', '+').replace('_', '/'));
        variants.put("= padding", p -> p + "=".repeat((4 - p.length() % 4) % 4 == 0 ? 4 : 4 - p.length() % 4));
        variants.put("unused low bits set", AttackSuiteTest::lastBitSet);
        variants.put(
                "length 1 mod 4", p -> p.length() % 4 == 0 ? p + "A" : p.substring(0, p.length() - p.length() % 4 + 1));
        variants.put("~ inside", p -> p.substring(0, 10) + "~" + p.substring(10));
        variants.put("! inside", p -> p.substring(0, 10) + "!" + p.substring(10));
        return Stream.of("header", "payload", "signature")
                .flatMap(part -> variants.entrySet().stream().map(v -> Arguments.of(part, v.getKey(), v.getValue())));
    }

    private static String lastBitSet(String part) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = part.charAt(part.length() - 1);
        return part.substring(0, part.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
    }

    /** Signs a signing input exactly as written with the demo's key: only the encoding of a part is wrong. */
    private static String signedAsWritten(String header, String payload) {
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(serverKey.toPrivateKey());
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64URL.encode(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A valid token each of whose parts ends in a partial base64url group, so that it has unused low bits to set: the
     * payload's length depends on the issuer (the demo's URL, port included), so its filler grows until it does.
     * Five '?' in a row always encode to a '_' somewhere: every part then has a character to re-encode.
     */
    private static String[] tokenWithPartialGroups() {
        for (String filler = "?????"; ; filler += "?") {
            String[] parts = signed(
                            header().customParam("q", "?????").build(),
                            claims().claim("q", filler).build())
                    .split("\\.");
            if (parts[1].length() % 4 != 0) {
                return parts;
            }
        }
    }

    /**
     * Each variant of each part of a valid token (header and payload variants signed as written) is refused:
     * 401 invalid_token from the verifier, or 400 invalid_request where the character is outside RFC 6750's
     * b64token and the header is refused first. The valid token is accepted first, so a signature variant
     * also shows that the cache, keyed by the exact string, does not answer for it.
     */
    @ParameterizedTest(name = "{1} in the {0}")
    @MethodSource("nonCanonicalParts")
    void apiWhenATokenPartIsNotCanonicalBase64urlThenRefused(
            String part, String variant, java.util.function.UnaryOperator<String> reencode) throws Exception {
        String[] parts = tokenWithPartialGroups();
        assertThat(get("/api/me", "Bearer " + String.join(".", parts)).statusCode())
                .isEqualTo(200);
        int index = List.of("header", "payload", "signature").indexOf(part);
        String canonical = parts[index];
        parts[index] = reencode.apply(canonical);
        assertThat(parts[index]).isNotEqualTo(canonical);
        String token = index == 2 ? String.join(".", parts) : signedAsWritten(parts[0], parts[1]);
        synchronized (SENT) {
            SENT.add(token);
        }

        HttpResponse<String> response = get("/api/me", "Bearer " + token);

        if (token.matches("[A-Za-z0-9._~+/-]+=*")) {
            assertRefusedCleanly(response, 401, "invalid_token");
        } else {
            assertRefusedCleanly(response, 400, "invalid_request");
        }
    }

    @Test
    void apiWhenTokenOnlyInTheQueryStringThenIgnored() throws Exception {
        String valid = signed(header().build(), claims().build());

        assertThat(get("/api/me?access_token=" + valid).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "username {0}")
    @MethodSource("injectionUsernames")
    void loginWhenInjectionLookingUsernameThenPlainInvalidGrant(String username) throws Exception {
        HttpResponse<String> response = demo.postJson(
                "/auth/login",
                "{\"username\":" + com.nimbusds.jose.util.JSONStringUtils.toJSONString(username)
                        + ",\"password\":\"x\"}");

        assertRefusedCleanly(response, 400, "invalid_grant");
    }

    static Stream<String> injectionUsernames() {
        return Stream.of(
                "' OR '1'='1",
                "admin'--",
                "admin\u0000",
                "../../etc/passwd",
                "${jndi:ldap://127.0.0.1/x}",
                "<script>alert(1)</script>");
    }

    @Test
    void jkuAndX5uWhenPointingAtALoopbackServerThenNoConnectionIsMade() throws Exception {
        URI jku = URI.create("http://127.0.0.1:" + attackerJwks.getAddress().getPort() + "/jwks.json");
        get(
                "/api/me",
                "Bearer " + signed(header().jwkURL(jku).x509CertURL(jku).build(), claims().build(), attackerKey));

        assertThat(attackerHits).hasValue(0);
    }

    @Test
    void logsWhenAttacksWereMadeThenNoTokenIsInThem() {
        synchronized (LOGGED) {
            synchronized (SENT) {
                for (String line : LOGGED) {
                    for (String token : SENT) {
                        if (token.length() > 20) {
                            assertThat(line).doesNotContain(token);
                        }
                    }
                }
            }
        }
    }
}
