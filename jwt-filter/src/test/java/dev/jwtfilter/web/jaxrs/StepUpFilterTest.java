package dev.jwtfilter.web.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigParser;
import dev.jwtfilter.core.StepUpRequirement;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The Jakarta REST step-up answer follows {@code jwt.problem-details} as the filter's does (a container request
 * context is impractical to make outside a running Jersey, so it is mocked).
 */
class StepUpFilterTest {

    @Test
    void filterWhenProblemDetailsOnThenTheRefusalIsProblemJson() {
        JwtConfig config = new JwtConfigParser()
                .parse(Map.of(
                        "jwt.issuer",
                        TestTokens.ISSUER,
                        "jwt.audiences",
                        TestTokens.AUDIENCE,
                        "jwt.public-key",
                        TestKeys.publicJwks(TestKeys.RSA),
                        "jwt.problem-details",
                        "true"));
        ServletContext servletContext = mock(ServletContext.class);
        when(servletContext.getAttribute(JwtAuthenticationFilter.CONFIG_ATTRIBUTE))
                .thenReturn(config);
        ContainerRequestContext request = mock(ContainerRequestContext.class);
        when(request.getSecurityContext()).thenReturn(mock(SecurityContext.class)); // no caller
        StepUpRequirement requirement = new StepUpRequirement(Set.of(), Optional.of(Duration.ofMinutes(5)));

        new StepUpFilter(requirement, servletContext).filter(request);

        ArgumentCaptor<Response> answer = ArgumentCaptor.forClass(Response.class);
        verify(request).abortWith(answer.capture());
        assertThat(answer.getValue().getStatus()).isEqualTo(401);
        assertThat(answer.getValue().getMediaType().toString()).startsWith("application/problem+json");
        assertThat(answer.getValue().getEntity().toString())
                .startsWith("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401");
        assertThat(answer.getValue().getStringHeaders().get("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"jwt\"");
        verify(request).abortWith(any());
    }
}
