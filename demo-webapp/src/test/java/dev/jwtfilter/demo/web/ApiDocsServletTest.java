package dev.jwtfilter.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document as {@link ApiDocsServlet} serves it, at the root and under a context path. */
class ApiDocsServletTest {
    private final ApiDocsServlet servlet = new ApiDocsServlet();

    @BeforeEach
    void init() throws Exception {
        servlet.init();
    }

    @Test
    void documentWhenAtTheRootThenServerAndTokenUrlsAsWritten() throws Exception {
        Map<String, Object> document = JSONObjectUtils.parse(servlet.document(""));

        assertThat(servers(document)).isEqualTo(List.of(Map.of("url", "/")));
        assertThat(passwordFlow(document))
                .containsEntry("tokenUrl", "/auth/login")
                .containsEntry("refreshUrl", "/auth/refresh");
    }

    @Test
    void documentWhenUnderAContextPathThenServerAndTokenUrlsMoveWithIt() throws Exception {
        Map<String, Object> document = JSONObjectUtils.parse(servlet.document("/jwt-demo"));

        assertThat(servers(document)).isEqualTo(List.of(Map.of("url", "/jwt-demo/")));
        assertThat(passwordFlow(document))
                .containsEntry("tokenUrl", "/jwt-demo/auth/login")
                .containsEntry("refreshUrl", "/jwt-demo/auth/refresh");
        assertThat(JSONObjectUtils.getJSONObject(document, "paths")).containsKey("/api/me");
    }

    private static Object servers(Map<String, Object> document) {
        return document.get("servers");
    }

    private static Map<String, Object> passwordFlow(Map<String, Object> document) throws Exception {
        Map<String, Object> schemes =
                JSONObjectUtils.getJSONObject(JSONObjectUtils.getJSONObject(document, "components"), "securitySchemes");
        return JSONObjectUtils.getJSONObject(
                JSONObjectUtils.getJSONObject(JSONObjectUtils.getJSONObject(schemes, "password"), "flows"), "password");
    }
}
