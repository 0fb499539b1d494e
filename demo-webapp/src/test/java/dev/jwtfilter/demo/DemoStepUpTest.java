package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.bearer;
import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.issue.SigningKeyFiles;
import dev.jwtfilter.micrometer.JwtFilterMetrics;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Step-up authentication (RFC 9470) in the demo, over real HTTP: logins issue {@code auth_time} and {@code acr},
 * refreshes keep the login's, {@code GET /api/admin/keys} wants an admin who logged in within 5 minutes, and a new
 * login (with {@code max_age} or {@code acr_values}) is the way up. A {@link LoginClock} makes a login minutes old
 * without waiting: only the login's {@code auth_time} moves, tokens are issued and checked on real time.
 */
class DemoStepUpTest {
    private static final String KEYS = "/api/admin/keys";
    private static final String PASSWORD_ACR = "urn:jwt-demo:acr:password";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final LoginClock LOGINS = new LoginClock();
    private static Path data;
    private static DemoServer demo;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("jwt-demo-step-up");
        demo = new DemoServer(
                Map.of(
                        DemoSettings.DATA,
                        data.toString(),
                        "jwt.events.listener",
                        RecordingAuthEventListener.class.getName() + "," + JwtFilterMetrics.class.getName()),
                Map.of(DemoBootstrap.LOGIN_CLOCK_ATTRIBUTE, LOGINS));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @AfterEach
    void loginsHappenNow() {
        LOGINS.loginsHappen(Duration.ZERO);
    }

    /** The tokens of an admin login that happened {@code ago}. */
    private static Map<String, Object> adminLoggedIn(Duration ago) throws Exception {
        LOGINS.loginsHappen(ago);
        try {
            return demo.tokens("admin", "admin-demo-pass");
        } finally {
            LOGINS.loginsHappen(Duration.ZERO);
        }
    }

    private static String access(Map<String, Object> tokens) {
        return (String) tokens.get("access_token");
    }

    private static JWTClaimsSet claims(Map<String, Object> tokens) throws Exception {
        return SignedJWT.parse(access(tokens)).getJWTClaimsSet();
    }

    private static Instant authTime(Map<String, Object> tokens) throws Exception {
        return Instant.ofEpochSecond(((Number) claims(tokens).getClaim("auth_time")).longValue());
    }

    private static Map<String, Object> refreshed(Map<String, Object> tokens) throws Exception {
        HttpResponse<String> response =
                demo.postJson("/auth/refresh", "{\"refresh_token\":\"" + tokens.get("refresh_token") + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static HttpResponse<String> loginForm(String extra) throws Exception {
        return demo.post("/auth/login", FORM, "grant_type=password&username=admin&password=admin-demo-pass" + extra);
    }

    @Test
    void loginWhenPasswordThenTokenSaysWhenAndHow() throws Exception {
        Instant before = Instant.now().minusSeconds(1);

        JWTClaimsSet claims = claims(demo.tokens("alice", "alice-demo-pass"));

        assertThat(claims.getClaim("acr")).isEqualTo(PASSWORD_ACR);
        assertThat(claims.getClaim("auth_time")).isInstanceOf(Long.class);
        Instant authTime = Instant.ofEpochSecond((Long) claims.getClaim("auth_time"));
        assertThat(authTime).isBetween(before, claims.getIssueTime().toInstant());
    }

    @Test
    void keysWhenAdminJustLoggedInThen200WithTheKidAndAlgorithmOfThePublicSigningKey() throws Exception {
        String kid = SigningKeyFiles.load(data.resolve("signing-keys.json"))
                .activeKey()
                .getKeyID();

        HttpResponse<String> response = demo.get(KEYS, bearer(access(adminLoggedIn(Duration.ZERO))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(json(response)).isEqualTo(Map.of("keys", List.of(Map.of("kid", kid, "alg", "RS256"))));
        assertThat(response.body()).doesNotContain("\"n\"", "\"d\"");
    }

    @Test
    void keysWhenAdminLoggedInSixMinutesAgoThen401StepUpChallengeAndItsEventReason() throws Exception {
        String token = access(adminLoggedIn(Duration.ofMinutes(6)));
        int before = RecordingAuthEventListener.count();

        HttpResponse<String> response = demo.get(KEYS, bearer(token));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .anySatisfy(challenge -> assertThat(challenge)
                        .startsWith("Bearer realm=\"jwt-demo\", " + demo.resourceMetadata()
                                + ", error=\"insufficient_user_authentication\", error_description=\"")
                        .contains("max_age=\"300\"")
                        .doesNotContain("acr_values"));
        assertThat(json(response)).containsEntry("error", "insufficient_user_authentication");
        assertThat(RecordingAuthEventListener.reasonsSince(before))
                .containsExactly(AuthEventReason.ACCEPTED, AuthEventReason.INSUFFICIENT_USER_AUTHENTICATION);
        assertThat(demo.get("/api/admin", bearer(token)).statusCode())
                .as("the other admin resources ask for no fresh login")
                .isEqualTo(200);
    }

    @Test
    void keysWhenAdminLoggedInFourMinutesAgoThen200() throws Exception {
        assertThat(demo.get(KEYS, bearer(access(adminLoggedIn(Duration.ofMinutes(4)))))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void refreshWhenLoginIsOldThenTheNewTokenKeepsTheLoginsAuthTimeAndAcrAndIsStill401() throws Exception {
        Map<String, Object> login = adminLoggedIn(Duration.ofMinutes(10));

        Map<String, Object> once = refreshed(login);
        Map<String, Object> twice = refreshed(once);

        assertThat(authTime(twice))
                .isEqualTo(authTime(login))
                .isBefore(Instant.now().minus(Duration.ofMinutes(9)));
        assertThat(claims(twice).getClaim("acr")).isEqualTo(PASSWORD_ACR);
        assertThat(claims(twice).getIssueTime()).isAfter(Instant.now().minus(Duration.ofMinutes(1)));
        assertThat(claims(twice).getJWTID()).isNotEqualTo(claims(login).getJWTID());
        assertThat(demo.get(KEYS, bearer(access(twice))).statusCode()).isEqualTo(401);
    }

    @Test
    void loginAgainWhenStepUpAskedThenTheNewTokenGets200() throws Exception {
        String old = access(adminLoggedIn(Duration.ofMinutes(10)));
        assertThat(demo.get(KEYS, bearer(old)).statusCode()).isEqualTo(401);

        HttpResponse<String> stepUp = loginForm("&max_age=0");

        assertThat(stepUp.statusCode()).isEqualTo(200);
        assertThat(demo.get(KEYS, bearer(access(json(stepUp)))).statusCode()).isEqualTo(200);
    }

    @Test
    void keysWhenNotAdminThen403EvenWithAFreshLogin() throws Exception {
        HttpResponse<String> response = demo.get(KEYS, bearer(access(demo.tokens("alice", "alice-demo-pass"))));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response)).containsEntry("error", "insufficient_scope");
    }

    @Test
    void keysWhenNoTokenThen401WithoutAnErrorCode() throws Exception {
        HttpResponse<String> response = demo.get(KEYS);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).noneMatch(c -> c.contains("error="));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "&acr_values=" + PASSWORD_ACR,
                "&acr_values=urn:other+" + PASSWORD_ACR,
                "&max_age=0",
                "&max_age=300&acr_values=" + PASSWORD_ACR,
                "&max_age=",
                "&acr_values="
            })
    void loginWhenStepUpParametersTheDemoCanMeetThen200WithThePasswordAcr(String extra) throws Exception {
        HttpResponse<String> response = loginForm(extra);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(claims(json(response)).getClaim("acr")).isEqualTo(PASSWORD_ACR);
    }

    @Test
    void loginWhenMaxAgeIsAJsonNumberThenAccepted() throws Exception {
        HttpResponse<String> zero =
                demo.postJson("/auth/login", "{\"username\":\"admin\",\"password\":\"admin-demo-pass\",\"max_age\":0}");
        HttpResponse<String> negative = demo.postJson(
                "/auth/login", "{\"username\":\"admin\",\"password\":\"admin-demo-pass\",\"max_age\":-1}");

        assertThat(zero.statusCode()).isEqualTo(200);
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json(negative))
                .containsEntry("error", "invalid_request")
                .containsEntry("error_description", "max_age must be a non-negative integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "+5", "%EF%BC%95", "1%200", "9999999999999999999"})
    void loginWhenMaxAgeIsNotANonNegativeIntegerThen400(String maxAge) throws Exception {
        HttpResponse<String> response = loginForm("&max_age=" + maxAge);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response))
                .isEqualTo(Map.of(
                        "error", "invalid_request", "error_description", "max_age must be a non-negative integer"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"urn:other", "urn:other+urn:jwt-demo:acr", "urn:jwt-demo:acr:PASSWORD"})
    void loginWhenNoneOfTheAcrValuesIsOfferedThen400(String acrValues) throws Exception {
        HttpResponse<String> response = loginForm("&acr_values=" + acrValues);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response))
                .isEqualTo(Map.of(
                        "error",
                        "invalid_request",
                        "error_description",
                        "None of the acr_values can be met; this server offers " + PASSWORD_ACR));
    }

    @Test
    void loginWhenStepUpParametersRefusedThenNoFailedLoginIsCounted() throws Exception {
        for (int i = 0; i < 8; i++) {
            assertThat(demo.post("/auth/login", FORM, "username=alice&password=wrong&acr_values=urn:other")
                            .statusCode())
                    .isEqualTo(400);
        }

        assertThat(demo.login("alice", "alice-demo-pass").statusCode())
                .as("five failed logins would have locked alice out")
                .isEqualTo(200);
    }
}
