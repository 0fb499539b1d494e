package dev.jwtfilter.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jwtfilter.config.FirewallRule;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The firewall's rules over the request shapes {@code curl --path-as-is} sends, each with the servlet path a
 * container that resolves dot segments and merges slashes (Tomcat) maps it to; context path {@code /app}.
 */
class RequestFirewallTest {
    private static final RequestFirewall STRICT = new RequestFirewall(Set.of());

    private static HttpServletRequest request(DispatcherType type, String uri, String servletPath, String pathInfo) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getDispatcherType()).thenReturn(type);
        when(request.getRequestURI()).thenReturn(uri);
        when(request.getContextPath()).thenReturn("/app");
        when(request.getServletPath()).thenReturn(servletPath);
        when(request.getPathInfo()).thenReturn(pathInfo);
        return request;
    }

    private static HttpServletRequest request(String uri, String servletPath, String pathInfo) {
        return request(DispatcherType.REQUEST, uri, servletPath, pathInfo);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("/app/api/orders/123/../../health", "/api", "/health", FirewallRule.DOT_SEGMENT),
                Arguments.of("/app/api/./health", "/api", "/health", FirewallRule.DOT_SEGMENT),
                Arguments.of("/app/api/health/.", "/api", "/health", FirewallRule.DOT_SEGMENT),
                Arguments.of("/app/api/%2e%2e/health", "/health", null, FirewallRule.DOT_SEGMENT),
                Arguments.of("/app/api/%2E%2E/", "/", null, FirewallRule.DOT_SEGMENT),
                Arguments.of("/app/api/.%2E/health", "/health", null, FirewallRule.DOT_SEGMENT),
                Arguments.of("/app/api/%2e/health", "/api", "/health", FirewallRule.DOT_SEGMENT),
                Arguments.of("/app/api/x/..;/health", "/api", "/health", FirewallRule.DOT_SEGMENT),
                Arguments.of("/app/api/a%2fb", "/api", "/a/b", FirewallRule.ENCODED_SLASH),
                Arguments.of("/app/api/a%2Fb", "/api", "/a/b", FirewallRule.ENCODED_SLASH),
                Arguments.of("/app/api/a%5cb", "/api", "/a\\b", FirewallRule.BACKSLASH),
                Arguments.of("/app/api/a%5Cb", "/api", "/a\\b", FirewallRule.BACKSLASH),
                Arguments.of("/app/api/a\\b", "/api", "/a\\b", FirewallRule.BACKSLASH),
                Arguments.of("/app/api/health;x=..;/", "/api", "/health/", FirewallRule.SEMICOLON),
                Arguments.of("/app/api;x=1/health", "/api", "/health", FirewallRule.SEMICOLON),
                Arguments.of("/app/api/a%3bb", "/api", "/a;b", FirewallRule.SEMICOLON),
                Arguments.of("/app/api/health;jsessionid=1/x", "/api", "/health/x", FirewallRule.SEMICOLON),
                Arguments.of("/app/api/a%2525", "/api", "/a%25", FirewallRule.ENCODED_PERCENT),
                Arguments.of("/app/api/a%00", "/api", "/a\0", FirewallRule.CONTROL_CHARACTER),
                Arguments.of("/app/api/a%0a", "/api", "/a\n", FirewallRule.CONTROL_CHARACTER),
                Arguments.of("/app/api/a%0D", "/api", "/a\r", FirewallRule.CONTROL_CHARACTER),
                Arguments.of("/app/api/a%7f", "/api", "/a\u007f", FirewallRule.CONTROL_CHARACTER),
                Arguments.of("/app/api/a%C2%85", "/api", "/a\u0085", FirewallRule.CONTROL_CHARACTER),
                Arguments.of("/app/api/a%E2%80%A8", "/api", "/a\u2028", FirewallRule.CONTROL_CHARACTER),
                Arguments.of("/app/api/a\tb", "/api", "/a\tb", FirewallRule.CONTROL_CHARACTER),
                Arguments.of("/app//api/health", "/api", "/health", FirewallRule.NOT_NORMALIZED),
                Arguments.of("/app/api//health", "/api", "/health", FirewallRule.NOT_NORMALIZED),
                Arguments.of("/app/api/%68ealth", "/api", "/other", FirewallRule.ENCODED_UNRESERVED),
                Arguments.of("/app/api/%70ublic/x", "/api", "/public/x", FirewallRule.ENCODED_UNRESERVED),
                Arguments.of("/app/api/items/%66eatured", "/api", "/items/featured", FirewallRule.ENCODED_UNRESERVED),
                Arguments.of("/app/ap%69/health", "/api", "/health", FirewallRule.ENCODED_UNRESERVED),
                Arguments.of("/app/%61%70%69/health", "/api", "/health", FirewallRule.ENCODED_UNRESERVED),
                Arguments.of("/%61pp/api/health", "/api", "/health", FirewallRule.ENCODED_UNRESERVED),
                Arguments.of("/app/api/v1%2E2", "/api", "/v1.2", FirewallRule.ENCODED_UNRESERVED),
                Arguments.of("/app/api/a%5Fb%2Dc%30", "/api", "/a_b-c0", FirewallRule.ENCODED_UNRESERVED),
                Arguments.of("/app/api/a%zz", "/api", "/a%zz", FirewallRule.NOT_NORMALIZED),
                Arguments.of("/app/api/a%C3", "/api", "/a\uFFFD", FirewallRule.NOT_NORMALIZED),
                Arguments.of("/app/api/a%\uFF12\uFF12", "/api", "/a\"", FirewallRule.NOT_NORMALIZED),
                Arguments.of("/other/api/health", "/api", "/health", FirewallRule.NOT_NORMALIZED),
                Arguments.of("/app/docs/", "/index.html", null, FirewallRule.NOT_NORMALIZED),
                Arguments.of("/app/api/health", "/api", "/health", null),
                Arguments.of("/app/", "", "/", null),
                Arguments.of("/app", "", null, null),
                Arguments.of("/app/", "/index.html", null, null),
                Arguments.of("/app/docs/", "/docs/index.html", null, null),
                Arguments.of("/app/.well-known/jwks.json", "/.well-known/jwks.json", null, null),
                Arguments.of("/app/api/v1.2/..x/x..", "/api", "/v1.2/..x/x..", null),
                Arguments.of("/app/api/caf%C3%A9/a%20b/a+b", "/api", "/café/a b/a+b", null),
                Arguments.of("/app/api/a%21b%3Ac%40d%7E", "/api", "/a!b:c@d~", null),
                Arguments.of("/app/index.html;jsessionid=0123ABCD.node0", "/index.html", null, null),
                Arguments.of("/app/index.html;JSESSIONID=x", "/index.html", null, null));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("shapes")
    void violationWhenShapeThenRuleBroken(String uri, String servletPath, String pathInfo, FirewallRule expected) {
        assertThat(STRICT.violation(request(uri, servletPath, pathInfo))).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "{0} allowed by {3}")
    @MethodSource("shapes")
    void violationWhenBrokenRuleAllowedThenNotThatRule(
            String uri, String servletPath, String pathInfo, FirewallRule broken) {
        if (broken != null) {
            RequestFirewall relaxed = new RequestFirewall(EnumSet.of(broken));
            assertThat(relaxed.violation(request(uri, servletPath, pathInfo))).isNotEqualTo(Optional.of(broken));
        }
    }

    @Test
    void violationWhenDotSegmentsAllowedThenStillRefusedAsNotNormalized() {
        RequestFirewall relaxed = new RequestFirewall(EnumSet.of(FirewallRule.DOT_SEGMENT));

        assertThat(relaxed.violation(request("/app/api/orders/123/../../health", "/api", "/health")))
                .contains(FirewallRule.NOT_NORMALIZED);
    }

    @Test
    void violationWhenEveryRuleAllowedThenNothingRefused() {
        RequestFirewall open = new RequestFirewall(EnumSet.allOf(FirewallRule.class));

        assertThat(open.violation(request("/app/api/orders/123/../../health;x/%2f%5c%25%00", "/api", "/health")))
                .isEmpty();
    }

    @Test
    void violationWhenSemicolonsAllowedThenPathParametersIgnoredInComparison() {
        RequestFirewall relaxed = new RequestFirewall(EnumSet.of(FirewallRule.SEMICOLON));

        assertThat(relaxed.violation(request("/app/api;v=1/orders;x=2/7", "/api", "/orders/7")))
                .isEmpty();
    }

    @Test
    void violationWhenContextPathHoldsEncodedCharactersThenComparedDecoded() {
        for (String contextPath : new String[] {"/my%20app", "/my app"}) {
            HttpServletRequest request = request("/my%20app/api/x", "/api", "/x");
            when(request.getContextPath()).thenReturn(contextPath);

            assertThat(STRICT.violation(request)).as(contextPath).isEmpty();
        }
    }

    @Test
    void violationWhenForwardIncludeErrorOrAsyncDispatchThenNotChecked() {
        for (DispatcherType type : EnumSet.complementOf(EnumSet.of(DispatcherType.REQUEST))) {
            // On an include or error dispatch the request URI is the original one while the paths are not.
            assertThat(STRICT.violation(request(type, "/app/api/../health", "/error", null)))
                    .as(type.name())
                    .isEmpty();
        }
    }
}
