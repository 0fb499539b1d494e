package dev.jwtfilter.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathPatternsTest {
    private final PathPatterns patterns = new PathPatterns(List.of("/auth/login", "/public/*", "*.css"));

    @Test
    void matchesWhenExactThenOnlyThatPath() {
        assertThat(patterns.matches("/auth/login")).isTrue();
        assertThat(patterns.matches("/auth/login/")).isFalse();
        assertThat(patterns.matches("/auth/loginx")).isFalse();
        assertThat(patterns.matches("/auth")).isFalse();
    }

    @Test
    void matchesWhenPrefixThenSegmentBoundaryRespected() {
        assertThat(patterns.matches("/public")).isTrue();
        assertThat(patterns.matches("/public/a/b")).isTrue();
        assertThat(patterns.matches("/publicity")).isFalse();
    }

    @Test
    void matchesWhenExtensionThenLastSegmentOnly() {
        assertThat(patterns.matches("/static/site.css")).isTrue();
        assertThat(patterns.matches("/a.css/secret")).isFalse();
        assertThat(patterns.matches("/site.cssx")).isFalse();
    }

    @Test
    void matchesWhenSlashStarThenEverything() {
        assertThat(new PathPatterns(List.of("/*")).matches("/anything")).isTrue();
        assertThat(new PathPatterns(List.of()).matches("/anything")).isFalse();
    }
}
