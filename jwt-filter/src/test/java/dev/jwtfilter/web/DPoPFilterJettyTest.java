package dev.jwtfilter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestProofs;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DPoP (RFC 9449) over real HTTP on Jetty 12, through the filter: one application per policy or setting
 * ({@code /allowed}, {@code /required}, {@code /nonce}, {@code /external}, {@code /forwarded}), each answering
 * {@code /me}; proofs and tokens made with Nimbus and real keys at test time. Each rule of section 4.3 that the
 * edge feeds (method, URI, headers) is broken once over the wire.
 */
class DPoPFilterJettyTest {
    private static final String DPOP_CHALLENGE = "DPoP realm=\"jwt\", algs=\"ES256 RS256 PS256\"";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Server server;
    private static int port;

    private final ECKey key = TestProofs.newKey();

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new ContextHandlerCollection(
                app("/allowed", Map.of("jwt.dpop", "dpop-allowed")),
                app("/required", Map.of("jwt.dpop", "dpop-required")),
                app(
                        "/nonce",
                        Map.of(
                                "jwt.dpop", "dpop-allowed",
                                "jwt.dpop.nonce", "true",
                                "jwt.dpop.nonce-secret", "a-nonce-secret-of-at-least-32-bytes!!")),
                app(
                        "/external",
                        Map.of("jwt.dpop", "dpop-allowed", "jwt.dpop.external-url", "https://api.example.com")),
                app("/forwarded", Map.of("jwt.dpop", "dpop-allowed", "jwt.dpop.forwarded-headers", "true")),
                app("/bearer", Map.of())));
        server.start();
        port = connector.getLocalPort();
    }

    private static ServletContextHandler app(String path, Map<String, String> dpop) {
        ServletContextHandler context = new ServletContextHandler(path);
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", TestTokens.ISSUER);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        filter.setInitParameter("jwt.public-key", TestKeys.publicJwks(TestKeys.RSA));
        dpop.forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        return context;
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static String url(String app) {
        return "http://127.0.0.1:" + port + app + "/me";
    }

    private static HttpResponse<String> send(String app, String authorization, String... headers) throws Exception {
        return sendTo("GET", url(app), authorization, headers);
    }

    private static HttpResponse<String> sendTo(String method, String url, String authorization, String... headers)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token() {
        return TestProofs.boundToken(key, Instant.now());
    }

    private String proof(String htu, String token) {
        return TestProofs.proof(key, "GET", htu, token, Instant.now());
    }

    private static void assertRefusedProof(HttpResponse<String> answer, String description) {
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().allValues("WWW-Authenticate"))
                .containsExactly(
                        DPOP_CHALLENGE + ", error=\"invalid_dpop_proof\", error_description=\"" + description + "\"",
                        "Bearer realm=\"jwt\"");
        assertThat(answer.body()).contains("\"error\":\"invalid_dpop_proof\"");
    }

    @Test
    void dpopWhenTheProofIsValidThenAcceptedAndTheSameProofAgainIsAReplay() throws Exception {
        String token = token();
        String proof = proof(url("/allowed"), token);

        HttpResponse<String> first = send("/allowed", "DPoP " + token, "DPoP", proof);
        HttpResponse<String> again = send("/allowed", "DPoP " + token, "DPoP", proof);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).startsWith("JwtPrincipal:alice");
        assertRefusedProof(again, "DPoP proof jti was already used");
    }

    @Test
    void dpopWhenTheHeaderIsMalformedThenTheErrorIsOnTheDPoPChallenge() throws Exception {
        HttpResponse<String> answer = send("/allowed", "DPoP not a token!");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().allValues("WWW-Authenticate"))
                .containsExactly(
                        DPOP_CHALLENGE
                                + ", error=\"invalid_request\", error_description=\"Malformed Authorization header\"",
                        "Bearer realm=\"jwt\"");
    }

    @Test
    void dpopWhenTheSchemeIsWrittenInAnotherCaseThenStillDPoP() throws Exception {
        String token = token();

        assertThat(send("/allowed", "dpop " + token, "DPoP", proof(url("/allowed"), token))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void dpopWhenThereIsNoProofOrTwoThenRefused() throws Exception {
        String token = token();

        assertRefusedProof(send("/allowed", "DPoP " + token), "No DPoP proof");
        HttpResponse<String> two = send(
                "/allowed",
                "DPoP " + token,
                "DPoP",
                proof(url("/allowed"), token),
                "DPoP",
                proof(url("/allowed"), token));
        assertRefusedProof(two, "Invalid DPoP proof");
    }

    @Test
    void dpopWhenTheProofNamesAnotherMethodOrUriThenRefused() throws Exception {
        String token = token();
        String postProof = TestProofs.proof(key, "POST", url("/allowed"), token, Instant.now());
        String otherPath = proof("http://127.0.0.1:" + port + "/allowed/other", token);
        String otherPort = proof("http://127.0.0.1:" + (port + 1) + "/allowed/me", token);
        String httpsProof = proof("https://127.0.0.1:" + port + "/allowed/me", token);

        assertRefusedProof(
                send("/allowed", "DPoP " + token, "DPoP", postProof), "DPoP proof htm is not the request method");
        assertRefusedProof(
                send("/allowed", "DPoP " + token, "DPoP", otherPath), "DPoP proof htu is not the request URI");
        assertRefusedProof(
                send("/allowed", "DPoP " + token, "DPoP", otherPort), "DPoP proof htu is not the request URI");
        assertRefusedProof(
                send("/allowed", "DPoP " + token, "DPoP", httpsProof), "DPoP proof htu is not the request URI");
    }

    @Test
    void dpopWhenTheRequestHasAQueryThenHtuIsComparedWithoutIt() throws Exception {
        String token = token();

        HttpResponse<String> answer =
                sendTo("GET", url("/allowed") + "?page=2", "DPoP " + token, "DPoP", proof(url("/allowed"), token));

        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void dpopWhenTheProofIsOldForAnotherTokenOrSignedByAnotherKeyThenRefused() throws Exception {
        String token = token();
        String old = TestProofs.proof(
                key, "GET", url("/allowed"), token, Instant.now().minusSeconds(600));
        String forAnotherToken = proof(url("/allowed"), token());
        String strangers = TestProofs.proof(TestProofs.newKey(), "GET", url("/allowed"), token, Instant.now());

        assertRefusedProof(
                send("/allowed", "DPoP " + token, "DPoP", old), "DPoP proof iat is outside the accepted window");
        assertRefusedProof(
                send("/allowed", "DPoP " + token, "DPoP", forAnotherToken),
                "DPoP proof ath is not the hash of the access token");
        assertRefusedProof(
                send("/allowed", "DPoP " + token, "DPoP", strangers),
                "DPoP proof key is not the key the token is bound to");
    }

    @Test
    void dpopWhenTheProofCarriesAPrivateKeyIsUnsignedOrHmacSignedThenRefused() throws Exception {
        String token = token();
        Map<String, Object> privateJwk = header("ES256");
        privateJwk.put("jwk", key.toJSONObject()); // d included
        Map<String, Object> none = header("none");
        Map<String, Object> hmac = header("HS256");

        for (Map<String, Object> header : List.of(privateJwk, none, hmac)) {
            String proof =
                    TestProofs.signRaw(header, TestProofs.rawClaims("GET", url("/allowed"), token, Instant.now()), key);
            HttpResponse<String> answer = send("/allowed", "DPoP " + token, "DPoP", proof);
            assertThat(answer.statusCode()).as(header.get("alg").toString()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith(DPOP_CHALLENGE + ", error=\"invalid_dpop_proof\"");
        }
    }

    private Map<String, Object> header(String alg) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "dpop+jwt");
        header.put("alg", alg);
        header.put("jwk", key.toPublicJWK().toJSONObject());
        return header;
    }

    @Test
    void bearerWhenTheTokenIsDPoPBoundThenRefusedAndAnUnboundOneAccepted() throws Exception {
        HttpResponse<String> bound = send("/allowed", "Bearer " + token());
        HttpResponse<String> unbound = send(
                "/allowed",
                "Bearer " + TestTokens.rs256(TestTokens.claimsAt(Instant.now()).build()));

        assertThat(bound.statusCode()).isEqualTo(401);
        assertThat(bound.headers().allValues("WWW-Authenticate"))
                .containsExactly(
                        "Bearer realm=\"jwt\", error=\"invalid_token\", error_description=\"Token is bound to a DPoP key\"",
                        DPOP_CHALLENGE);
        assertThat(unbound.statusCode()).isEqualTo(200);
    }

    @Test
    void challengeWhenNoTokenThenOneChallengePerSchemeTheApplicationAccepts() throws Exception {
        assertThat(send("/allowed", null).headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"jwt\"", DPOP_CHALLENGE);
        assertThat(send("/required", null).headers().allValues("WWW-Authenticate"))
                .containsExactly(DPOP_CHALLENGE);
        assertThat(send("/bearer", null).headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"jwt\"");
    }

    @Test
    void requiredWhenABearerTokenComesThenRefusedWithTheDPoPChallengeAndADPoPOneAccepted() throws Exception {
        String token = token();
        HttpResponse<String> bearer = send(
                "/required",
                "Bearer " + TestTokens.rs256(TestTokens.claimsAt(Instant.now()).build()));

        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.headers().allValues("WWW-Authenticate"))
                .containsExactly(DPOP_CHALLENGE + ", error=\"invalid_token\","
                        + " error_description=\"Token must be DPoP-bound and sent with a proof\"");
        assertThat(send("/required", "DPoP " + token, "DPoP", proof(url("/required"), token))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void bearerOnlyWhenADPoPSchemeComesThenItIsNotABearerToken() throws Exception {
        String token = token();

        HttpResponse<String> answer = send("/bearer", "DPoP " + token, "DPoP", proof(url("/bearer"), token));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"jwt\"");
    }

    @Test
    void nonceWhenTheProofHasNoneThenUseDPoPNonceWithOneAndTheRetryWithItIsAccepted() throws Exception {
        String token = token();

        HttpResponse<String> first = send("/nonce", "DPoP " + token, "DPoP", proof(url("/nonce"), token));
        String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
        String withNonce =
                TestProofs.proof(key, "GET", url("/nonce"), token, Instant.now(), c -> c.claim("nonce", nonce));
        String wrongNonce =
                TestProofs.proof(key, "GET", url("/nonce"), token, Instant.now(), c -> c.claim("nonce", "x" + nonce));
        HttpResponse<String> retry = send("/nonce", "DPoP " + token, "DPoP", withNonce);
        HttpResponse<String> forged = send("/nonce", "DPoP " + token, "DPoP", wrongNonce);

        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(first.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo(DPOP_CHALLENGE + ", error=\"use_dpop_nonce\","
                        + " error_description=\"Resource server requires nonce in DPoP proof\"");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.headers().firstValue("DPoP-Nonce")).contains(nonce);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("use_dpop_nonce");
    }

    @Test
    void externalUrlWhenSetThenHtuMustNameThatOriginAndNotTheContainersOwn() throws Exception {
        String token = token();

        HttpResponse<String> external =
                send("/external", "DPoP " + token, "DPoP", proof("https://api.example.com/external/me", token));
        HttpResponse<String> local = send("/external", "DPoP " + token, "DPoP", proof(url("/external"), token));

        assertThat(external.statusCode()).isEqualTo(200);
        assertRefusedProof(local, "DPoP proof htu is not the request URI");
    }

    @Test
    void forwardedHeadersWhenTrustedThenHtuFollowsThemAndOtherwiseTheyAreIgnored() throws Exception {
        String token = token();
        String external = "https://api.example.com/forwarded/me";

        HttpResponse<String> xForwarded = send(
                "/forwarded",
                "DPoP " + token,
                "DPoP",
                proof(external, token),
                "X-Forwarded-Proto",
                "https",
                "X-Forwarded-Host",
                "api.example.com");
        HttpResponse<String> forwarded = send(
                "/forwarded",
                "DPoP " + token,
                "DPoP",
                proof(external, token),
                "Forwarded",
                "for=10.0.0.1;proto=https;host=api.example.com");
        HttpResponse<String> spoofedHost = send(
                "/forwarded",
                "DPoP " + token,
                "DPoP",
                proof("https://evil.example/forwarded/me", token),
                "X-Forwarded-Proto",
                "https",
                "X-Forwarded-Host",
                "evil.example/forwarded/me#");
        HttpResponse<String> untrusted = send(
                "/allowed",
                "DPoP " + token,
                "DPoP",
                proof("https://api.example.com/allowed/me", token),
                "X-Forwarded-Proto",
                "https",
                "X-Forwarded-Host",
                "api.example.com");

        HttpResponse<String> clientsElementFirst = send(
                "/forwarded",
                "DPoP " + token,
                "DPoP",
                proof(external, token),
                "Forwarded",
                "host=evil.example;proto=https, for=10.0.0.1;proto=https;host=api.example.com");
        HttpResponse<String> clientsElementTrusted = send(
                "/forwarded",
                "DPoP " + token,
                "DPoP",
                proof("https://evil.example/forwarded/me", token),
                "Forwarded",
                "host=evil.example;proto=https, for=10.0.0.1;proto=https;host=api.example.com");
        HttpResponse<String> bothFamilies = send(
                "/forwarded",
                "DPoP " + token,
                "DPoP",
                proof("https://evil.example/forwarded/me", token),
                "Forwarded",
                "host=evil.example;proto=https",
                "X-Forwarded-Host",
                "api.example.com");

        assertThat(xForwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(clientsElementFirst.statusCode()).isEqualTo(200);
        assertThat(clientsElementTrusted.statusCode()).isEqualTo(401);
        assertThat(bothFamilies.statusCode()).isEqualTo(401);
        assertThat(spoofedHost.statusCode()).isEqualTo(401);
        assertRefusedProof(untrusted, "DPoP proof htu is not the request URI");
    }
}
