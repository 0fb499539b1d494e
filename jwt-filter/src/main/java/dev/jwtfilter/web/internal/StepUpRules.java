package dev.jwtfilter.web.internal;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.StepUpRequirement;
import dev.jwtfilter.error.BearerError;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The RFC 9470 step-up requirements of a request, checked after authentication and the access decision: the
 * {@code @StepUp} of the servlet method that handles it, then every {@code jwt.step-up} entry whose paths match (the
 * servlet path and path info, as public paths are matched). Every one must be met; the refusal names the first
 * unmet one. A step-up resource needs a token even on a public path or in optional mode. Built once at start-up.
 * Thread safe.
 */
final class StepUpRules {
    private final JwtConfig config;
    private final ServletStepUps annotations;
    private final List<PathEntry> paths;

    private record PathEntry(PathPatterns patterns, StepUpRequirement requirement) {}

    StepUpRules(JwtConfig config, ServletContext context) {
        this.config = config;
        this.annotations = new ServletStepUps(context);
        this.paths = config.stepUpPaths().stream()
                .map(entry -> new PathEntry(new PathPatterns(entry.paths()), StepUpRequirement.of(entry)))
                .toList();
    }

    /**
     * @param request the request
     * @param outcome its authentication outcome, which passed the access decision
     * @return the refusal of the first unmet requirement, or empty
     */
    Optional<BearerError> refusal(HttpServletRequest request, AuthenticationOutcome outcome) {
        ServletStepUps.Found annotated = annotations.requirementFor(request);
        if (annotated.denied()) {
            return Optional.of(
                    outcome instanceof AuthenticationOutcome.Failed failed
                            ? failed.error()
                            : BearerError.ACCESS_DENIED);
        }
        List<StepUpRequirement> requirements = new ArrayList<>(1);
        if (annotated.requirement() != null) {
            requirements.add(annotated.requirement());
        }
        if (!paths.isEmpty()) {
            String path = PathPatterns.pathWithinApplication(request);
            for (PathEntry entry : paths) {
                if (entry.patterns().matches(path)) {
                    requirements.add(entry.requirement());
                }
            }
        }
        return StepUpRequirement.firstRefusal(requirements, outcome, config);
    }
}
