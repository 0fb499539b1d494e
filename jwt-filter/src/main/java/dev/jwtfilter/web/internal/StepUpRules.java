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
import java.util.regex.Pattern;

/**
 * The RFC 9470 step-up requirements of a request, checked after authentication and the access decision: the
 * {@code @StepUp} of the servlet method that handles it, then every {@code jwt.step-up} entry whose paths match (the
 * servlet path and path info, as public paths are matched, and also with runs of {@code /} collapsed and a trailing
 * {@code /} removed, since Jakarta REST routes those spellings to the same resource). Every one must be met; the refusal names the first
 * unmet one. A step-up resource needs a token even on a public path or in optional mode. Built once at start-up.
 * Thread safe.
 */
final class StepUpRules {
    private static final Pattern MANY_SLASHES = Pattern.compile("/{2,}");
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
        if (annotated.requirement() == null && paths.isEmpty()) {
            return Optional.empty(); // the common case: nothing to check, nothing allocated per request
        }
        List<StepUpRequirement> requirements = new ArrayList<>(1);
        if (annotated.requirement() != null) {
            requirements.add(annotated.requirement());
        }
        if (!paths.isEmpty()) {
            String path = PathPatterns.pathWithinApplication(request);
            String collapsed = collapsed(path);
            for (PathEntry entry : paths) {
                if (entry.patterns().matches(path)
                        || collapsed != null && entry.patterns().matches(collapsed)) {
                    requirements.add(entry.requirement());
                }
            }
        }
        return StepUpRequirement.firstRefusal(requirements, outcome, config);
    }

    /**
     * The path with runs of {@code /} made one and a trailing {@code /} removed, as Jakarta REST implementations
     * route it (Jersey answers {@code /api/keys/} and {@code /api//keys} from {@code @Path("keys")}): a step-up
     * entry for {@code /api/keys} must not be dodged by such a spelling. Matched in addition to the path itself, so
     * it can only add requirements.
     *
     * @param path the path within the application
     * @return the collapsed path, or {@code null} when it is the path itself
     */
    static String collapsed(String path) {
        if (!path.contains("//") && !(path.length() > 1 && path.endsWith("/"))) {
            return null;
        }
        String collapsed = MANY_SLASHES.matcher(path).replaceAll("/");
        while (collapsed.length() > 1 && collapsed.endsWith("/")) {
            collapsed = collapsed.substring(0, collapsed.length() - 1);
        }
        return collapsed.equals(path) ? null : collapsed;
    }
}
