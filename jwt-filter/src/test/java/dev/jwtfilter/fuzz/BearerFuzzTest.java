package dev.jwtfilter.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import dev.jwtfilter.web.internal.ServletEdge;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;

/**
 * Coverage-guided fuzzing of everything a request can put in front of the verifier. In a normal build
 * (regression mode) Jazzer replays the committed inputs under {@code src/test/resources/.../BearerFuzzTestInputs};
 * with {@code JAZZER_FUZZ=1} it fuzzes (see README, Security).
 */
class BearerFuzzTest {
    private static final JwtConfig CONFIG = TestTokens.config()
            .hmacSecret(TestKeys.HMAC_SECRET)
            .cookieName("at")
            .queryParameterAllowed(true)
            .cacheEnabled(false)
            .build();
    private static final JwtAuthenticator AUTHENTICATOR = new JwtAuthenticator(CONFIG);
    /** The edge both the filter and the mechanism go through: resolution, then the same core. */
    private static final ServletEdge EDGE = ServletEdge.start(
            CONFIG,
            (ServletContext) Proxy.newProxyInstance(
                    BearerFuzzTest.class.getClassLoader(),
                    new Class<?>[] {ServletContext.class},
                    (proxy, method, args) -> null),
            "fuzz",
            false);

    /** A request carrying only what the resolver reads. */
    private static HttpServletRequest request(List<String> authorization, String query, String cookie) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                BearerFuzzTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getHeaders":
                            return "Authorization".equalsIgnoreCase((String) args[0])
                                    ? Collections.enumeration(authorization)
                                    : Collections.emptyEnumeration();
                        case "getQueryString":
                            return query;
                        case "getCookies":
                            return cookie == null ? null : new Cookie[] {new Cookie("at", cookie)};
                        case "getMethod":
                            return "GET"; // a safe method, so cookie tokens still reach verification
                        default:
                            return null;
                    }
                });
    }

    /** Arbitrary Authorization headers, query strings and cookies: never a crash, never an acceptance. */
    @FuzzTest(maxDuration = "10m")
    void resolveAndVerifyArbitraryInput(FuzzedDataProvider data) {
        List<String> headers = data.consumeBoolean()
                ? List.of(data.consumeString(12_000))
                : List.of(data.consumeString(4_000), data.consumeString(4_000));
        String query = data.consumeBoolean() ? data.consumeString(2_000) : null;
        String cookie = data.consumeBoolean() ? data.consumeAsciiString(2_000) : null;
        if (data.consumeBoolean()) {
            headers = List.of("Bearer " + data.consumeRemainingAsAsciiString());
        }

        AuthenticationOutcome outcome =
                EDGE.admit(request(headers, query, cookie), true).outcome();

        assertThat(outcome).isNotInstanceOf(AuthenticationOutcome.Authenticated.class);
    }

    /** Arbitrary header and payload JSON, correctly signed with the real key: judged, never thrown. */
    @FuzzTest(maxDuration = "10m")
    void verifyArbitraryJsonSignedWithTheRealKey(FuzzedDataProvider data) throws Exception {
        String headerJson = data.consumeBoolean() ? "{\"alg\":\"HS256\"}" : data.consumeString(500);
        String payloadJson = data.consumeRemainingAsString();
        JWSHeader header;
        try {
            header = JWSHeader.parse(headerJson);
        } catch (java.text.ParseException | RuntimeException e) {
            header = new JWSHeader(JWSAlgorithm.HS256); // Nimbus' own parser is not under test here
        }
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            header = new JWSHeader(JWSAlgorithm.HS256); // the signer below only makes HS256
        }
        JWSObject jws = new JWSObject(header, new Payload(payloadJson));
        jws.sign(new MACSigner(TestKeys.HMAC_SECRET));

        AuthenticationOutcome outcome = AUTHENTICATOR.authenticate(jws.serialize());

        assertThat(outcome).isNotNull();
    }
}
