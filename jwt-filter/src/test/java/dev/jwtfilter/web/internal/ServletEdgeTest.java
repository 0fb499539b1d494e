package dev.jwtfilter.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jwtfilter.LogCapture;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.InvalidJwtConfigException;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.TokenCacheStatistics;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventListener;
import dev.jwtfilter.event.AuthEventReason;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The one start-up routine and the one admission that the filter and the mechanism share. */
class ServletEdgeTest {
    private static final JwtConfig CONFIG = TestTokens.config()
            .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
            .publicPaths(List.of("/public/*"))
            .build();

    private static HttpServletRequest request(String servletPath, String... authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        when(request.getRequestURI()).thenReturn(servletPath);
        when(request.getContextPath()).thenReturn("");
        when(request.getServletPath()).thenReturn(servletPath);
        when(request.getMethod()).thenReturn("GET");
        when(request.getHeaders("Authorization")).thenReturn(Collections.enumeration(List.of(authorization)));
        return request;
    }

    @Test
    void startWhenFilterOrMechanismThenTheSameThreeAttributesArePublished() {
        for (boolean filter : new boolean[] {true, false}) {
            ServletContext context = mock(ServletContext.class);

            ServletEdge.start(CONFIG, context, "test", filter);

            verify(context).setAttribute(ServletEdge.CONFIG_ATTRIBUTE, CONFIG);
            verify(context).setAttribute(eq(ServletEdge.EVENT_COUNTERS_ATTRIBUTE), any(AuthEventCounters.class));
            verify(context).setAttribute(eq(ServletEdge.EVENT_LISTENER_ATTRIBUTE), any(AuthEventListener.class));
        }
    }

    @Test
    void startWhenCacheOnThenItsStatisticsArePublishedAndWhenOffThenNot() {
        ServletContext on = mock(ServletContext.class);
        ServletContext off = mock(ServletContext.class);
        JwtConfig uncached = TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .cacheEnabled(false)
                .build();

        ServletEdge.start(CONFIG, on, "test", true);
        ServletEdge.start(uncached, off, "test", true);

        verify(on).setAttribute(eq(ServletEdge.TOKEN_CACHE_ATTRIBUTE), any(TokenCacheStatistics.class));
        verify(off, never()).setAttribute(eq(ServletEdge.TOKEN_CACHE_ATTRIBUTE), any());
    }

    @Test
    void refusedWhenAConfigurationCannotWorkThenOneErrorLineNamingEveryProblem() {
        try (LogCapture log = new LogCapture(ServletEdge.class.getName())) {
            InvalidJwtConfigException e = ServletEdge.refused(
                    "filter 'jwt'",
                    new InvalidJwtConfigException(
                            List.of("No issuer configured", "Clock skew must be zero or positive")));

            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(record.getMessage()).contains("not started");
            });
            assertThat(e.problems()).hasSize(2);
        }
    }

    @Test
    void admitWhenMechanismThenPublicPathsIgnoreBadTokensAndTheContainerDecidesWhatNeedsOne() {
        ServletEdge edge = ServletEdge.start(CONFIG, mock(ServletContext.class), "test", false);
        AuthenticationOutcome.Failed forged = new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN);

        assertThat(edge.admit(request("/public/x", "Bearer not.a.jwt"), true).refusal())
                .isEmpty();
        assertThat(edge.admit(request("/api", "Bearer not.a.jwt"), false))
                .isEqualTo(new ServletEdge.Admission(forged, Optional.of(BearerError.INVALID_TOKEN)));
        assertThat(edge.admit(request("/api"), true).refusal()).contains(BearerError.MISSING_TOKEN);
        assertThat(edge.admit(request("/api"), false).refusal()).isEmpty();
        assertThat(edge.admit(request("/api", "Bearer " + TestTokens.rs256()), true)
                        .outcome())
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }

    @Test
    void admitWhenARequestWithATokenIsLetThroughThenItsOutcomeIsLeftOnTheRequest() {
        ServletEdge edge = ServletEdge.start(CONFIG, mock(ServletContext.class), "test", true);
        HttpServletRequest forgedOnPublic = request("/public/x", "Bearer not.a.jwt");
        HttpServletRequest anonymous = request("/public/x");
        HttpServletRequest refused = request("/api", "Bearer not.a.jwt");

        edge.admit(forgedOnPublic, true);
        edge.admit(anonymous, true);
        edge.admit(refused, true);

        verify(forgedOnPublic)
                .setAttribute(
                        ServletEdge.OUTCOME_ATTRIBUTE, new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN));
        verify(anonymous, org.mockito.Mockito.never()).setAttribute(eq(ServletEdge.OUTCOME_ATTRIBUTE), any());
        verify(refused, org.mockito.Mockito.never()).setAttribute(eq(ServletEdge.OUTCOME_ATTRIBUTE), any());
    }

    @Test
    void admitWhenTheFirewallRefusesThenNoTokenIsLookedAtAndNothingIsReported() {
        ServletContext context = mock(ServletContext.class);
        ServletEdge edge = ServletEdge.start(CONFIG, context, "test", false);
        AuthEventCounters counters = counters(context);

        ServletEdge.Admission admission = edge.admit(request("/public/../api", "Bearer " + TestTokens.rs256()), true);

        assertThat(admission).isEqualTo(new ServletEdge.Admission(null, Optional.of(BearerError.REJECTED_PATH)));
        assertThat(counters.count(AuthEventReason.ACCEPTED)).isZero();
    }

    private static AuthEventCounters counters(ServletContext context) {
        org.mockito.ArgumentCaptor<Object> captor = org.mockito.ArgumentCaptor.forClass(Object.class);
        verify(context).setAttribute(eq(ServletEdge.EVENT_COUNTERS_ATTRIBUTE), captor.capture());
        return (AuthEventCounters) captor.getValue();
    }
}
