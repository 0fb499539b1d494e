package dev.jwtfilter.verify;

import static dev.jwtfilter.TestConfigs.own;
import static dev.jwtfilter.TestTokens.NOW;
import static dev.jwtfilter.TestTokens.claims;
import static dev.jwtfilter.TestTokens.config;
import static dev.jwtfilter.TestTokens.header;
import static dev.jwtfilter.TestTokens.rs256;
import static dev.jwtfilter.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.JwksServer;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NimbusTokenVerifierTest {
    private final NimbusTokenVerifier rsaVerifier =
            new NimbusTokenVerifier(TestTokens.rsaConfig().ownIssuer().orElseThrow());

    private static void assertFailure(TokenVerifier verifier, String token, Failure failure) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.failure()).isEqualTo(failure));
    }

    private void assertInvalid(String token) {
        assertFailure(rsaVerifier, token, Failure.INVALID);
    }

    @Test
    void verifyWhenValidRs256ThenClaimsReturned() throws Exception {
        VerifiedJwt jwt = rsaVerifier.verify(rs256());

        assertThat(jwt.subject()).contains("alice");
        assertThat(jwt.issuer()).contains(TestTokens.ISSUER);
        assertThat(jwt.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(jwt.claims().get("groups")).isEqualTo(List.of("user"));
        assertThat(jwt.algorithm()).isEqualTo("RS256");
        assertThat(jwt.keyId()).contains("rsa-1");
    }

    @Test
    void verifyWhenClaimsReturnedThenTheyCannotBeModified() throws Exception {
        VerifiedJwt jwt = rsaVerifier.verify(rs256());

        @SuppressWarnings("unchecked")
        List<Object> groups = (List<Object>) jwt.claims().get("groups");
        assertThatThrownBy(() -> groups.add("admin")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> jwt.claims().put("sub", "admin")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void verifyWhenValidHs256ThenAccepted() throws Exception {
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(
                config().hmacSecret(TestKeys.HMAC_SECRET).build().ownIssuer().orElseThrow());

        String token = sign(TestKeys.HMAC, JWSAlgorithm.HS256, claims().build());

        assertThat(verifier.verify(token).subject()).contains("alice");
    }

    @Test
    void verifyWhenHmacTokenCarriesAnyKidThenSecretStillVerifies() throws Exception {
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(
                config().hmacSecret(TestKeys.HMAC_SECRET).build().ownIssuer().orElseThrow());

        String token = sign(
                TestKeys.HMAC,
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("whatever").build(),
                claims().build());

        assertThat(verifier.verify(token).subject()).contains("alice");
    }

    @Test
    void verifyWhenValidEs256FromPemThenAccepted() throws Exception {
        NimbusTokenVerifier verifier =
                new NimbusTokenVerifier(config().publicKeyPem(TestKeys.pem(TestKeys.EC.toPublicKey()))
                        .build()
                        .ownIssuer()
                        .orElseThrow());

        String token = sign(TestKeys.EC, JWSAlgorithm.ES256, claims().build());

        assertThat(verifier.verify(token).subject()).contains("alice");
    }

    @Test
    void verifyWhenPs256ListedWithRsaKeyThenAccepted() throws Exception {
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .algorithms(java.util.List.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256))
                .build()
                .ownIssuer()
                .orElseThrow());

        assertThat(verifier.verify(sign(TestKeys.RSA, JWSAlgorithm.PS256, claims().build()))
                        .algorithm())
                .isEqualTo("PS256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void verifyWhenAlgNoneInAnyCaseThenInvalid(String alg) {
        String header =
                Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").toString();
        String payload = claims().build().toPayload().toBase64URL().toString();

        assertInvalid(header + "." + payload + ".");
        assertInvalid(new PlainJWT(claims().build()).serialize());
    }

    @Test
    void verifyWhenSignatureStrippedOrTruncatedThenInvalid() {
        String token = rs256();
        String withoutSignature = token.substring(0, token.lastIndexOf('.') + 1);

        assertInvalid(withoutSignature);
        assertInvalid(token.substring(0, token.length() - 10));
    }

    @Test
    void verifyWhenPayloadChangedUnderOriginalSignatureThenInvalid() {
        String[] parts = rs256().split("\\.");
        String forged = claims().subject("admin")
                .claim("groups", List.of("admin"))
                .build()
                .toPayload()
                .toBase64URL()
                .toString();

        assertInvalid(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void verifyWhenHs256SignedWithRsaPublicKeyThenInvalid() throws Exception {
        // Key confusion (RFC 8725 section 2.1): the public key as an HMAC secret, in PEM, DER and JWK forms.
        List<byte[]> publicForms = List.of(
                TestKeys.rsaPem().getBytes(StandardCharsets.US_ASCII),
                TestKeys.RSA.toPublicKey().getEncoded(),
                TestKeys.RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
        for (byte[] secret : publicForms) {
            SignedJWT jwt =
                    new SignedJWT(header(JWSAlgorithm.HS256, TestKeys.RSA).build(), claims().build());
            jwt.sign(new MACSigner(secret));
            assertInvalid(jwt.serialize());
        }
    }

    @Test
    void verifyWhenSignedByOtherKeyWithSameKidThenInvalid() {
        assertInvalid(sign(TestKeys.RSA_OTHER, JWSAlgorithm.RS256, claims().build()));
    }

    @Test
    void verifyWhenKidUnknownThenInvalid() {
        assertInvalid(sign(TestKeys.RSA_SECOND, JWSAlgorithm.RS256, claims().build()));
    }

    @Test
    void verifyWhenHeaderEmbedsAttackerJwkThenItIsNotUsed() {
        JWSHeader header = header(JWSAlgorithm.RS256, TestKeys.RSA_SECOND)
                .jwk(TestKeys.RSA_SECOND.toPublicJWK())
                .build();

        assertInvalid(sign(TestKeys.RSA_SECOND, header, claims().build()));
    }

    @Test
    void verifyWhenHeaderPointsJkuAndX5uAtAttackerServerThenNothingIsFetched() throws Exception {
        try (JwksServer attacker = new JwksServer(TestKeys.publicJwks(TestKeys.RSA_SECOND))) {
            JWSHeader header = header(JWSAlgorithm.RS256, TestKeys.RSA_SECOND)
                    .jwkURL(attacker.uri())
                    .x509CertURL(attacker.uri())
                    .build();

            assertInvalid(sign(TestKeys.RSA_SECOND, header, claims().build()));
            assertThat(attacker.requests()).isZero();
        }
    }

    @Test
    void verifyWhenAlgorithmNotOnAllowlistThenInvalid() {
        JwtConfig onlyRs256 = config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .algorithms(List.of(JWSAlgorithm.RS256))
                .build();

        assertFailure(
                new NimbusTokenVerifier(own(onlyRs256)),
                sign(TestKeys.RSA, JWSAlgorithm.PS256, claims().build()),
                Failure.INVALID);
    }

    @Test
    void verifyWhenUnknownCriticalHeaderThenInvalid() {
        JWSHeader header = header(JWSAlgorithm.RS256, TestKeys.RSA)
                .customParam("exp-hint", 1)
                .criticalParams(Set.of("exp-hint"))
                .build();

        assertInvalid(sign(TestKeys.RSA, header, claims().build()));
    }

    /** Signs an exact JSON header with the real key over valid claims: headers a careless issuer could really send. */
    private static String signedHeader(String headerJson) throws JOSEException {
        String signingInput = Base64URL.encode(headerJson) + "."
                + claims().build().toPayload().toBase64URL();
        Base64URL signature = new com.nimbusds.jose.crypto.RSASSASigner(TestKeys.RSA)
                .sign(new JWSHeader(JWSAlgorithm.RS256), signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + signature;
    }

    @Test
    void verifyWhenHeaderWithoutCritSignedAsWrittenThenAccepted() throws Exception {
        assertThat(rsaVerifier.verify(signedHeader("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}")))
                .isNotNull();
    }

    /** RFC 7515 section 4.1.11: a non-empty array of names of understood extensions, never of JWS's own headers. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"crit\":[]",
                "\"crit\":\"exp-hint\",\"exp-hint\":1",
                "\"crit\":[1]",
                "\"crit\":[null]",
                "\"crit\":[\"exp-hint\"],\"exp-hint\":1",
                "\"crit\":[\"exp-hint\"]",
                "\"crit\":[\"alg\"]",
                "\"crit\":[\"kid\"]",
                "\"crit\":[\"typ\"],\"typ\":\"JWT\"",
                "\"crit\":[\"b64\"],\"b64\":true",
                "\"crit\":[\"b64\"],\"b64\":false",
                "\"crit\":[\"exp-hint\",\"exp-hint\"],\"exp-hint\":1"
            })
    void verifyWhenCritIsNotANonEmptyListOfUnderstoodExtensionsThenMalformed(String crit) throws Exception {
        String token = signedHeader("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"," + crit + "}");

        assertThatThrownBy(() -> rsaVerifier.verify(token))
                .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID);
                    assertThat(e.reason()).isEqualTo(AuthEventReason.MALFORMED);
                });
    }

    /**
     * RFC 7797's {@code b64:false} changes which bytes are signed and is allowed only under {@code crit}: refused
     * whichever way it was signed, and on every call, so the answer never depends on what was verified before.
     */
    @Test
    void verifyWhenB64FalseWithoutCritThenMalformedWhicheverBytesWereSigned() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"b64\":false}";
        String overEncodedPayload = signedHeader(header);
        String payload = claims().build().toString();
        String encodedHeader = Base64URL.encode(header).toString();
        byte[] unencodedInput = (encodedHeader + "." + payload).getBytes(StandardCharsets.UTF_8);
        String overUnencodedPayload = encodedHeader + "." + Base64URL.encode(payload) + "."
                + new com.nimbusds.jose.crypto.RSASSASigner(TestKeys.RSA)
                        .sign(new JWSHeader(JWSAlgorithm.RS256), unencodedInput);

        for (int round = 0; round < 2; round++) {
            for (String token : List.of(overEncodedPayload, overUnencodedPayload)) {
                assertThatThrownBy(() -> rsaVerifier.verify(token))
                        .isInstanceOfSatisfying(
                                JwtVerificationException.class,
                                e -> assertThat(e.reason()).isEqualTo(AuthEventReason.MALFORMED));
            }
        }
    }

    @Test
    void verifyWhenContentTypeAnnouncesANestedJwtThenInvalid() {
        assertInvalid(sign(
                TestKeys.RSA,
                header(JWSAlgorithm.RS256, TestKeys.RSA).contentType("JWT").build(),
                claims().build()));
    }

    @Test
    void verifyWhenJweTokenThenInvalid() throws JOSEException {
        EncryptedJWT jwe =
                new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM), claims().build());
        jwe.encrypt(new RSAEncrypter(TestKeys.RSA.toRSAPublicKey()));

        assertInvalid(jwe.serialize());
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenExpired() {
        String token =
                rs256(claims().expirationTime(Date.from(NOW.minusSeconds(61))).build());

        assertFailure(rsaVerifier, token, Failure.EXPIRED);
    }

    @Test
    void verifyWhenExpiredWithinSkewThenAccepted() throws Exception {
        String token =
                rs256(claims().expirationTime(Date.from(NOW.minusSeconds(30))).build());

        assertThat(rsaVerifier.verify(token).subject()).contains("alice");
    }

    @Test
    void verifyWhenExpiredWithZeroSkewThenExpired() {
        JwtConfig strict = config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .clockSkew(Duration.ZERO)
                .build();

        assertFailure(
                new NimbusTokenVerifier(own(strict)),
                rs256(claims().expirationTime(Date.from(NOW.minusSeconds(1))).build()),
                Failure.EXPIRED);
    }

    @Test
    void verifyWhenExpiredTokenBadlySignedThenInvalidNotExpired() {
        String token = sign(
                TestKeys.RSA_OTHER,
                JWSAlgorithm.RS256,
                claims().expirationTime(Date.from(NOW.minusSeconds(3600))).build());

        assertInvalid(token);
    }

    @Test
    void verifyWhenExpMissingThenInvalid() {
        assertInvalid(rs256(claims().expirationTime(null).build()));
    }

    @Test
    void verifyWhenNotBeforeInFutureThenInvalid() {
        assertInvalid(
                rs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(120))).build()));
    }

    @Test
    void verifyWhenIssuedInFutureThenInvalid() {
        assertInvalid(rs256(claims().issueTime(Date.from(NOW.plusSeconds(120))).build()));
    }

    @Test
    void verifyWhenIssuerDiffersThenInvalid() {
        assertInvalid(rs256(claims().issuer("https://evil.example").build()));
        assertInvalid(rs256(claims().issuer(TestTokens.ISSUER + "/").build()));
        assertInvalid(rs256(claims().issuer(null).build()));
    }

    @Test
    void verifyWhenAudienceMissingOrForeignThenInvalid() {
        assertInvalid(rs256(claims().audience((String) null).build()));
        assertInvalid(rs256(claims().audience("other-api").build()));
        assertInvalid(rs256(claims().audience(List.of("other-api", "third-api")).build()));
    }

    @Test
    void verifyWhenAudienceArrayContainsOursThenAccepted() throws Exception {
        assertThat(rsaVerifier.verify(rs256(claims().audience(List.of("other-api", TestTokens.AUDIENCE))
                        .build())))
                .isNotNull();
    }

    @Test
    void verifyWhenTypeIsJwtOrAtJwtOrAbsentThenAccepted() throws Exception {
        for (JOSEObjectType type : new JOSEObjectType[] {
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/AT+JWT"), null
        }) {
            JWSHeader header =
                    header(JWSAlgorithm.RS256, TestKeys.RSA).type(type).build();
            assertThat(rsaVerifier.verify(sign(TestKeys.RSA, header, claims().build())))
                    .isNotNull();
        }
    }

    @Test
    void verifyWhenTypeIsForeignThenInvalid() {
        JWSHeader header = header(JWSAlgorithm.RS256, TestKeys.RSA)
                .type(new JOSEObjectType("refresh+jwt"))
                .build();

        assertInvalid(sign(TestKeys.RSA, header, claims().build()));
    }

    @Test
    void verifyWhenTypeRequiredAndAbsentThenInvalid() {
        JwtConfig typed = config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .acceptedTypes(List.of("at+jwt"))
                .typeRequired(true)
                .build();
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(own(typed));

        assertFailure(
                verifier,
                sign(
                        TestKeys.RSA,
                        header(JWSAlgorithm.RS256, TestKeys.RSA).type(null).build(),
                        claims().build()),
                Failure.INVALID);
        assertFailure(verifier, rs256(), Failure.INVALID); // typ JWT is no longer accepted
    }

    private static final NimbusTokenVerifier RFC9068 =
            new NimbusTokenVerifier(config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                    .profile(dev.jwtfilter.config.JwtProfile.RFC9068)
                    .build()
                    .ownIssuer()
                    .orElseThrow());

    private static String accessToken(JOSEObjectType type, com.nimbusds.jwt.JWTClaimsSet claims) {
        return sign(
                TestKeys.RSA,
                header(JWSAlgorithm.RS256, TestKeys.RSA).type(type).build(),
                claims);
    }

    private static com.nimbusds.jwt.JWTClaimsSet.Builder accessClaims() {
        return claims().claim("client_id", "orders-web");
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+jwt"})
    void verifyWhenRfc9068ProfileAndCompleteAccessTokenThenAccepted(String type) throws Exception {
        assertThat(RFC9068.verify(accessToken(
                                new JOSEObjectType(type), accessClaims().build()))
                        .subject())
                .contains("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "application/jwt", "at+jwt+x", "none"})
    void verifyWhenRfc9068ProfileAndTypeIsNotAtJwtThenWrongType(String type) {
        String token = accessToken(
                type.equals("none") ? null : new JOSEObjectType(type),
                accessClaims().build());

        assertThatThrownBy(() -> RFC9068.verify(token)).isInstanceOfSatisfying(JwtVerificationException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.INVALID);
            assertThat(e.reason()).isEqualTo(AuthEventReason.WRONG_TYPE);
        });
    }

    /** A missing {@code aud} keeps the reason it always had (it is required with or without the profile). */
    @ParameterizedTest
    @ValueSource(strings = {"iss", "exp", "aud", "sub", "client_id", "iat", "jti"})
    void verifyWhenRfc9068ProfileAndAClaimIsMissingThenMalformed(String claim) {
        com.nimbusds.jwt.JWTClaimsSet.Builder claims = accessClaims();
        claims.claim(claim, null);
        String token = accessToken(new JOSEObjectType("at+jwt"), claims.build());

        assertThatThrownBy(() -> RFC9068.verify(token)).isInstanceOfSatisfying(JwtVerificationException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.INVALID);
            assertThat(e.reason())
                    .isEqualTo(claim.equals("aud") ? AuthEventReason.WRONG_AUDIENCE : AuthEventReason.MALFORMED);
        });
    }

    /** RFC 9068 section 2.2: {@code sub}, {@code client_id} and {@code jti} are identifiers, so non-blank strings. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "client_id=5",
                "client_id={}",
                "client_id=[]",
                "client_id=",
                "client_id= ",
                "sub=",
                "sub= ",
                "jti=",
                "jti=\t"
            })
    void verifyWhenRfc9068ProfileAndAnIdentifierIsNotANonBlankStringThenMalformed(String spec) {
        String claim = spec.substring(0, spec.indexOf('='));
        String raw = spec.substring(spec.indexOf('=') + 1);
        Object value = switch (raw) {
            case "5" -> 5;
            case "{}" -> java.util.Map.of();
            case "[]" -> List.of();
            default -> raw.equals("\\t") ? "\t" : raw;
        };
        String token = accessToken(
                new JOSEObjectType("at+jwt"), accessClaims().claim(claim, value).build());

        assertThatThrownBy(() -> RFC9068.verify(token)).isInstanceOfSatisfying(JwtVerificationException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.INVALID);
            assertThat(e.reason()).isEqualTo(AuthEventReason.MALFORMED);
        });
    }

    @Test
    void verifyWhenOlderThanMaxAgeThenInvalid() throws Exception {
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .maxTokenAge(Duration.ofMinutes(10))
                .build()
                .ownIssuer()
                .orElseThrow());

        assertFailure(
                verifier,
                rs256(claims().issueTime(Date.from(NOW.minusSeconds(3600))).build()),
                Failure.INVALID);
        assertFailure(verifier, rs256(claims().issueTime(null).build()), Failure.INVALID);
        assertThat(verifier.verify(rs256(
                        claims().issueTime(Date.from(NOW.minusSeconds(300))).build())))
                .isNotNull();
    }

    @Test
    void verifyWhenRequiredClaimMissingThenInvalid() throws Exception {
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .requiredClaims(List.of("tenant"))
                .build()
                .ownIssuer()
                .orElseThrow());

        assertFailure(verifier, rs256(), Failure.INVALID);
        assertThat(verifier.verify(rs256(claims().claim("tenant", "acme").build())))
                .isNotNull();
    }

    /** Signs an exact JSON payload with the real key: claims a careless issuer could really send. */
    private static String signedPayload(String json) throws JOSEException {
        JWSHeader header = header(JWSAlgorithm.RS256, TestKeys.RSA).build();
        com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(header, new com.nimbusds.jose.Payload(json));
        jws.sign(new com.nimbusds.jose.crypto.RSASSASigner(TestKeys.RSA));
        return jws.serialize();
    }

    private static String base(String extra) {
        return "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE + "\",\"sub\":\"alice\""
                + extra + "}";
    }

    @Test
    void verifyWhenRequiredClaimsAreJsonNullThenInvalid() throws Exception {
        long exp = NOW.getEpochSecond() + 60;
        NimbusTokenVerifier aged = new NimbusTokenVerifier(config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .maxTokenAge(Duration.ofMinutes(5))
                .requiredClaims(List.of("tenant"))
                .build()
                .ownIssuer()
                .orElseThrow());

        assertInvalid(signedPayload(base(",\"exp\":null")));
        assertFailure(aged, signedPayload(base(",\"exp\":" + exp + ",\"iat\":null,\"tenant\":\"t\"")), Failure.INVALID);
        assertFailure(
                aged,
                signedPayload(base(",\"exp\":" + exp + ",\"iat\":" + NOW.getEpochSecond() + ",\"tenant\":null")),
                Failure.INVALID);
    }

    @Test
    void verifyWhenAudienceArrayHoldsNullThenJudgedNotThrown() throws Exception {
        String token = signedPayload("{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":[null,\"" + TestTokens.AUDIENCE
                + "\"],\"sub\":\"alice\",\"exp\":" + (NOW.getEpochSecond() + 60) + "}");

        assertThat(rsaVerifier.verify(token).subject()).contains("alice");
        assertInvalid(signedPayload("{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":[null],\"sub\":\"alice\",\"exp\":"
                + (NOW.getEpochSecond() + 60) + "}"));
    }

    @Test
    void verifyWhenHeaderOrPayloadIsJsonNullThenInvalidNotThrown() {
        String nullJson = Base64URL.encode("null").toString();
        String[] parts = rs256().split("\\.");

        assertInvalid(nullJson + "." + parts[1] + "." + parts[2]);
        assertInvalid(parts[0] + "." + nullJson + "." + parts[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c", "....", "eyJhbGciOiJSUzI1NiJ9.e30.", "e30.e30.e30"})
    void verifyWhenGarbageThenInvalid(String token) {
        assertInvalid(token);
    }

    @Test
    void verifyWhenSecretLongEnoughForHs512AndListedThenHs512AcceptedAndShortSecretAllowsOnlyHs256() throws Exception {
        OctetSequenceKey longSecret = TestKeys.secret(64);
        NimbusTokenVerifier verifier = new NimbusTokenVerifier(config().hmacSecret(longSecret.toByteArray())
                .algorithms(java.util.List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512))
                .build()
                .ownIssuer()
                .orElseThrow());

        assertThat(verifier.verify(sign(longSecret, JWSAlgorithm.HS512, claims().build()))
                        .algorithm())
                .isEqualTo("HS512");
        assertThat(own(config().hmacSecret(TestKeys.HMAC_SECRET).build()).algorithms())
                .containsExactly(JWSAlgorithm.HS256);
    }
}
