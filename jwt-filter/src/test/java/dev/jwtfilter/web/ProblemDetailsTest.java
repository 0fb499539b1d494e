package dev.jwtfilter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.ServletStreams;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.error.BearerError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9457 problem details as the refusal body when {@code jwt.problem-details} is on, through the writer. */
class ProblemDetailsTest {
    private static ChallengeWriter writer(boolean problemDetails) {
        return ChallengeWriter.of(TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .problemDetails(problemDetails)
                .build());
    }

    @Test
    void responseBodyWhenProblemDetailsOnThenRfc9457MembersAndTheRfc6750Ones() throws Exception {
        ChallengeWriter problems = writer(true);

        assertThat(problems.contentType()).isEqualTo("application/problem+json");
        assertThat(problems.responseBody(BearerError.INSUFFICIENT_ROLE))
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"Insufficient role\",\"error\":\"insufficient_scope\","
                        + "\"error_description\":\"Insufficient role\"}");
        Map<String, Object> missing = JSONObjectUtils.parse(problems.responseBody(BearerError.MISSING_TOKEN));
        assertThat(missing)
                .containsEntry("title", "Unauthorized")
                .containsEntry("status", 401L)
                .containsEntry("error", "unauthorized")
                .containsEntry("detail", "Authentication required");
        assertThat(JSONObjectUtils.parse(problems.responseBody(BearerError.KEYS_UNAVAILABLE)))
                .containsEntry("title", "Service Unavailable")
                .containsEntry("status", 503L)
                .containsEntry("error", "temporarily_unavailable");
        assertThat(JSONObjectUtils.parse(problems.responseBody(BearerError.MALFORMED_HEADER)))
                .containsEntry("title", "Bad Request")
                .containsEntry("status", 400L);
    }

    @Test
    void responseBodyWhenProblemDetailsOffOrRealmOnlyWriterThenThePlainRfc6750Body() {
        for (ChallengeWriter plain : new ChallengeWriter[] {writer(false), new ChallengeWriter("jwt")}) {
            assertThat(plain.contentType()).isEqualTo("application/json");
            assertThat(plain.responseBody(BearerError.INSUFFICIENT_ROLE))
                    .isEqualTo(ChallengeWriter.body(BearerError.INSUFFICIENT_ROLE))
                    .isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":\"Insufficient role\"}");
        }
    }

    @Test
    void responseBodyWhenADescriptionHasAQuoteOrAStatusHasNoPhraseHereThenStillValidJson() throws Exception {
        BearerError odd = new BearerError(418, null, "a \"quoted\" \\ phrase\n");

        Map<String, Object> problem = JSONObjectUtils.parse(writer(true).responseBody(odd));

        assertThat(problem)
                .containsEntry("detail", "a \"quoted\" \\ phrase\n")
                .containsEntry("status", 418L)
                .doesNotContainKey("title");
    }

    @Test
    void writeWhenProblemDetailsOnThenProblemJsonWithTheSameStatusAndChallenge() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        when(response.getOutputStream()).thenReturn(ServletStreams.into(body));

        writer(true).write(response, BearerError.EXPIRED_TOKEN);

        verify(response).setStatus(401);
        verify(response)
                .setHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"jwt\", error=\"invalid_token\", error_description=\"Token has expired\"");
        verify(response).setContentType("application/problem+json");
        assertThat(JSONObjectUtils.parse(body.toString(StandardCharsets.UTF_8)))
                .containsEntry("type", "about:blank")
                .containsEntry("title", "Unauthorized")
                .containsEntry("status", 401L)
                .containsEntry("detail", "Token has expired")
                .containsEntry("error", "invalid_token")
                .containsEntry("error_description", "Token has expired")
                .hasSize(6);
    }
}
