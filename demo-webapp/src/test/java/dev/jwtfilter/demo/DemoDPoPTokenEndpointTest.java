package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo's token endpoint with DPoP (RFC 9449 section 5), over real HTTP: a login or refresh with a valid proof
 * gets a token bound to the proof's key ({@code cnf.jkt}, {@code token_type: DPoP}) and binds the refresh-token
 * family; without a proof the bearer flow is unchanged; a bad proof is 400 {@code invalid_dpop_proof}; a refresh of
 * a bound family with another key or none is refused and leaves its token good for the right key.
 */
class DemoDPoPTokenEndpointTest {
    private static Path data;
    private static DemoServer demo;
    private static URI login;
    private static URI refresh;
    private static ECKey ecKey;
    private static RSAKey rsaKey;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("jwt-demo-dpop");
        demo = new DemoServer(Map.of(DemoSettings.DATA, data.toString()));
        login = demo.base().resolve("/auth/login");
        refresh = demo.base().resolve("/auth/refresh");
        ecKey = new ECKeyGenerator(Curve.P_256).generate();
        rsaKey = new RSAKeyGenerator(2048).generate();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static HttpResponse<String> loginAlice(String... proofs) throws Exception {
        return DPoPClient.login(demo.base(), "alice", "alice-demo-pass", proofs);
    }

    private static String thumbprint(JWK key) throws Exception {
        return key.toPublicJWK().computeThumbprint().toString();
    }

    private static Object jkt(Map<String, Object> tokenResponse) throws Exception {
        Map<String, Object> cnf = SignedJWT.parse((String) tokenResponse.get("access_token"))
                .getJWTClaimsSet()
                .getJSONObjectClaim("cnf");
        return cnf == null ? null : cnf.get("jkt");
    }

    private static void assertInvalidProof(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_dpop_proof").containsKey("error_description");
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "eyJ");
    }

    @Test
    void loginWhenValidProofThenAccessTokenBoundToTheProofKeyAndTokenTypeDPoP() throws Exception {
        HttpResponse<String> response = loginAlice(DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> tokens = json(response);
        assertThat(tokens).containsEntry("token_type", "DPoP").containsKey("refresh_token");
        assertThat(jkt(tokens)).isEqualTo(thumbprint(ecKey));
    }

    @Test
    void loginWhenNoProofThenBearerTokenWithoutCnf() throws Exception {
        HttpResponse<String> response = loginAlice();

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> tokens = json(response);
        assertThat(tokens).containsEntry("token_type", "Bearer");
        assertThat(jkt(tokens)).isNull();
    }

    static Stream<Arguments> badProofs() {
        return Stream.of(
                Arguments.of("wrong htm", (Function<URI, String>)
                        url -> DPoPClient.proof(ecKey, JWSAlgorithm.ES256, "GET", url)),
                Arguments.of("wrong htu", (Function<URI, String>)
                        url -> DPoPClient.proof(ecKey, JWSAlgorithm.ES256, url.resolve("/auth/other"))),
                Arguments.of("private key in jwk", (Function<URI, String>) url -> {
                    Map<String, Object> header = new LinkedHashMap<>();
                    header.put("typ", "dpop+jwt");
                    header.put("alg", "ES256");
                    header.put("jwk", ecKey.toJSONObject()); // with d
                    return DPoPClient.raw(header, DPoPClient.claims(url), signer(ecKey, JWSAlgorithm.ES256));
                }),
                Arguments.of("HS256", (Function<URI, String>) url -> {
                    Map<String, Object> header = new LinkedHashMap<>();
                    header.put("typ", "dpop+jwt");
                    header.put("alg", "HS256");
                    header.put("jwk", ecKey.toPublicJWK().toJSONObject());
                    return DPoPClient.raw(header, DPoPClient.claims(url), mac());
                }),
                Arguments.of("alg none", (Function<URI, String>) url -> {
                    Map<String, Object> header = new LinkedHashMap<>();
                    header.put("typ", "dpop+jwt");
                    header.put("alg", "none");
                    header.put("jwk", ecKey.toPublicJWK().toJSONObject());
                    return DPoPClient.raw(header, DPoPClient.claims(url), null);
                }),
                Arguments.of("not a JWT", (Function<URI, String>) url -> "not-a-proof"));
    }

    private static com.nimbusds.jose.JWSSigner signer(JWK key, JWSAlgorithm algorithm) {
        try {
            return new com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory().createJWSSigner(key, algorithm);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MACSigner mac() {
        try {
            return new MACSigner("a-secret-of-at-least-thirty-two-bytes!!");
        } catch (com.nimbusds.jose.KeyLengthException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProofs")
    void loginWhenBadProofThenInvalidDPoPProofAndNoToken(String defect, Function<URI, String> proof) throws Exception {
        assertInvalidProof(loginAlice(proof.apply(login)));
    }

    @Test
    void loginWhenProofReplayedThenSecondUseRefused() throws Exception {
        String proof = DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login);
        assertThat(loginAlice(proof).statusCode()).isEqualTo(200);

        assertInvalidProof(loginAlice(proof));
    }

    @Test
    void loginWhenTwoProofsThenInvalidDPoPProof() throws Exception {
        assertInvalidProof(loginAlice(
                DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login),
                DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login)));
    }

    @Test
    void refreshWhenBoundFamilyAndSameKeyThenNewTokenBoundToTheSameKey() throws Exception {
        Map<String, Object> first = json(loginAlice(DPoPClient.proof(rsaKey, JWSAlgorithm.RS256, login)));

        HttpResponse<String> response = DPoPClient.refresh(
                demo.base(),
                (String) first.get("refresh_token"),
                DPoPClient.proof(rsaKey, JWSAlgorithm.PS256, refresh));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response)).containsEntry("token_type", "DPoP");
        assertThat(jkt(json(response))).isEqualTo(thumbprint(rsaKey)).isEqualTo(jkt(first));
    }

    @Test
    void refreshWhenBoundFamilyAndOtherKeyOrNoProofThenRefusedAndTheTokenStillWorksWithItsKey() throws Exception {
        String token = (String) json(loginAlice(DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login)))
                .get("refresh_token");

        assertInvalidProof(
                DPoPClient.refresh(demo.base(), token, DPoPClient.proof(rsaKey, JWSAlgorithm.RS256, refresh)));
        assertInvalidProof(DPoPClient.refresh(demo.base(), token));
        HttpResponse<String> withItsKey =
                DPoPClient.refresh(demo.base(), token, DPoPClient.proof(ecKey, JWSAlgorithm.ES256, refresh));

        assertThat(withItsKey.statusCode()).as(withItsKey.body()).isEqualTo(200);
        assertThat(jkt(json(withItsKey))).isEqualTo(thumbprint(ecKey));
    }

    @Test
    void refreshWhenUnboundFamilyAndProofThenBoundAccessTokenAndTheFamilyStaysUnbound() throws Exception {
        String token = (String) json(loginAlice()).get("refresh_token");

        HttpResponse<String> proved =
                DPoPClient.refresh(demo.base(), token, DPoPClient.proof(ecKey, JWSAlgorithm.ES256, refresh));
        assertThat(proved.statusCode()).as(proved.body()).isEqualTo(200);
        assertThat(json(proved)).containsEntry("token_type", "DPoP");
        assertThat(jkt(json(proved))).isEqualTo(thumbprint(ecKey));
        HttpResponse<String> bearer =
                DPoPClient.refresh(demo.base(), (String) json(proved).get("refresh_token"));

        assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);
        assertThat(json(bearer)).containsEntry("token_type", "Bearer");
        assertThat(jkt(json(bearer))).isNull();
    }

    @Test
    void refreshWhenBadProofThenInvalidDPoPProofAndTheTokenIsNotSpent() throws Exception {
        String token = (String) json(loginAlice(DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login)))
                .get("refresh_token");

        assertInvalidProof(DPoPClient.refresh(demo.base(), token, DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login)));

        assertThat(DPoPClient.refresh(demo.base(), token, DPoPClient.proof(ecKey, JWSAlgorithm.ES256, refresh))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void loginWhenReplayCacheUnavailableThen503WithRetryAfterAndBearerLoginUnaffected() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + data.toAbsolutePath().resolve("refresh-tokens"));
                Statement statement = c.createStatement()) {
            statement.execute("ALTER TABLE jwt_dpop_proof RENAME TO jwt_dpop_proof_away");
            try {
                HttpResponse<String> response = loginAlice(DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login));

                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(json(response)).containsEntry("error", "temporarily_unavailable");
                assertThat(loginAlice().statusCode()).isEqualTo(200);
            } finally {
                statement.execute("ALTER TABLE jwt_dpop_proof_away RENAME TO jwt_dpop_proof");
            }
        }
    }

    /** The value of a cookie the response sets, from its {@code Set-Cookie} headers. */
    private static String cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name));
    }

    @Test
    void refreshWhenBoundFamilyInTheCookieAndNoProofThenRefusedAndTheCookieIsKept() throws Exception {
        HttpResponse<String> loggedIn = DPoPClient.postForm(
                login,
                "grant_type=password&username=alice&password=alice-demo-pass",
                "X-Refresh-Cookie",
                "1",
                "DPoP",
                DPoPClient.proof(ecKey, JWSAlgorithm.ES256, login));
        assertThat(loggedIn.statusCode()).isEqualTo(200);
        String csrf = cookie(loggedIn, "jwt-demo-csrf");
        String cookies = "jwt-demo-refresh=" + cookie(loggedIn, "jwt-demo-refresh") + "; jwt-demo-csrf=" + csrf;

        HttpResponse<String> withoutProof =
                DPoPClient.postForm(refresh, "grant_type=refresh_token", "Cookie", cookies, "X-CSRF-Token", csrf);

        assertInvalidProof(withoutProof);
        assertThat(withoutProof.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> withProof = DPoPClient.postForm(
                refresh,
                "grant_type=refresh_token",
                "Cookie",
                cookies,
                "X-CSRF-Token",
                csrf,
                "DPoP",
                DPoPClient.proof(ecKey, JWSAlgorithm.ES256, refresh));
        assertThat(withProof.statusCode()).as(withProof.body()).isEqualTo(200);
        assertThat(json(withProof)).containsEntry("token_type", "DPoP").doesNotContainKey("refresh_token");
        assertThat(cookie(withProof, "jwt-demo-refresh")).isNotEmpty();
    }
}
