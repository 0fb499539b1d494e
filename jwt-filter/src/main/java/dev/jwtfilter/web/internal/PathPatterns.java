package dev.jwtfilter.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Matches a path within the application against servlet URL patterns (Servlet 6.0 section 12.2):
 * exact ({@code /auth/login}), path prefix ({@code /public/*}, which also matches {@code /public}) and
 * extension ({@code *.css}). Patterns are indexed once; matching allocates nothing. Thread safe.
 */
final class PathPatterns {
    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes;
    private final Set<String> extensions = new HashSet<>();
    private final boolean all;

    /** @param patterns servlet URL patterns, already validated by the configuration */
    public PathPatterns(List<String> patterns) {
        this.prefixes = patterns.stream()
                .filter(p -> p.endsWith("/*"))
                .map(p -> p.substring(0, p.length() - 2))
                .toList();
        this.all = prefixes.contains("");
        for (String pattern : patterns) {
            if (pattern.startsWith("*.")) {
                extensions.add(pattern.substring(2));
            } else if (!pattern.endsWith("/*")) {
                exact.add(pattern);
            }
        }
    }

    /** @return whether the request's path within the application matches a pattern */
    public boolean matches(HttpServletRequest request) {
        return matches(pathWithinApplication(request));
    }

    /** The path the container decoded and normalised, never the raw URI, so that encodings cannot dodge a pattern. */
    static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
        }
        return servletPath == null ? pathInfo : servletPath + pathInfo;
    }

    boolean matches(String path) {
        if (all || exact.contains(path)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return !extensions.isEmpty() && matchesExtension(path);
    }

    private boolean matchesExtension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash && extensions.contains(path.substring(dot + 1));
    }
}
