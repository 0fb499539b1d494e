package dev.jwtfilter.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code jwt.step-up.NAME.*} entry: the servlet URL patterns (as {@code jwt.public-paths}, matched on the
 * servlet path and path info) on which a token must meet an RFC 9470 step-up requirement, for resources that
 * cannot be annotated with {@code @StepUp}. Immutable.
 *
 * @param name the entry's name, as listed in {@code jwt.step-up}
 * @param paths the path patterns: exact, {@code /prefix/*} or {@code *.ext}
 * @param acr the acceptable {@code acr} values; empty: any
 * @param maxAge the longest time since {@code auth_time}; empty: no limit
 */
public record StepUpPath(String name, List<String> paths, Set<String> acr, Optional<Duration> maxAge) {
    /**
     * Copies the collections, keeping the order of the {@code acr} values (the order of {@code acr_values}).
     *
     * @param name the entry's name, as listed in {@code jwt.step-up}
     * @param paths the path patterns: exact, {@code /prefix/*} or {@code *.ext}
     * @param acr the acceptable {@code acr} values; empty: any
     * @param maxAge the longest time since {@code auth_time}; empty: no limit
     */
    public StepUpPath {
        paths = List.copyOf(paths);
        acr = Collections.unmodifiableSet(new LinkedHashSet<>(acr));
    }
}
