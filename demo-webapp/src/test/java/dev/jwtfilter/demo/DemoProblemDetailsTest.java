package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.bearer;
import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code jwt.problem-details} on, the demo's refusals are RFC 9457 problem details wherever they are written:
 * by the filter (no token; a servlet's {@code @RolesAllowed}) and by the demo's Jakarta REST mapper for
 * {@code @RolesAllowed}, which builds its answer from the filter's {@code ChallengeWriter}.
 */
class DemoProblemDetailsTest {

    @Test
    void refusalsWhenProblemDetailsOnThenProblemJsonFromTheFilterAndFromTheRestMapper() throws Exception {
        try (DemoServer demo = new DemoServer(Map.of("jwt.problem-details", "true"))) {
            String alice = (String) demo.tokens("alice", "alice-demo-pass").get("access_token");

            assertProblem(demo.get("/api/me"), 401, "Unauthorized", "unauthorized");
            assertProblem(demo.get("/admin/report", bearer(alice)), 403, "Forbidden", "insufficient_scope");
            HttpResponse<String> mapped = demo.get("/api/admin", bearer(alice));
            assertProblem(mapped, 403, "Forbidden", "insufficient_scope");
            assertThat(mapped.headers().firstValue("WWW-Authenticate"))
                    .contains(
                            "Bearer realm=\"jwt-demo\", error=\"insufficient_scope\", error_description=\"Insufficient role\"");
        }
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String title, String error)
            throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(answer))
                .containsEntry("type", "about:blank")
                .containsEntry("title", title)
                .containsEntry("status", (long) status)
                .containsEntry("error", error)
                .containsKeys("detail", "error_description");
    }
}
