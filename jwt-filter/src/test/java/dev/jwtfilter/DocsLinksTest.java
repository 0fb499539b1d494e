package dev.jwtfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md reaches a file that exists and, when it names an anchor, a
 * heading of that file (anchors made as GitHub makes them); README links every page of docs/.
 */
class DocsLinksTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *#*$");

    @Test
    void linksWhenRelativeThenTargetFileAndAnchorExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : relativeLinks(page)) {
                check(page, target).ifPresent(broken::add);
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void readmeWhenReadThenLinksEveryDocsPage() throws IOException {
        Set<String> linked = relativeLinks(ROOT.resolve("README.md")).stream()
                .map(target -> target.replaceFirst("#.*", ""))
                .collect(Collectors.toSet());

        assertThat(linked)
                .containsAll(
                        docsPages().stream().map(p -> "docs/" + p.getFileName()).toList());
    }

    @Test
    void anchorsWhenHeadingsHavePunctuationThenMadeAsGitHubMakesThem() {
        assertThat(anchors("## Tokens in cookies (browsers)\n## Integration tests (`src-it`)\n"
                        + "## Keys from an OpenID Connect provider, with one setting\n## Notes\n## Notes\n"))
                .containsExactlyInAnyOrder(
                        "tokens-in-cookies-browsers",
                        "integration-tests-src-it",
                        "keys-from-an-openid-connect-provider-with-one-setting",
                        "notes",
                        "notes-1");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(docsPages());
        pages.add(0, ROOT.resolve("README.md"));
        return pages;
    }

    private static List<Path> docsPages() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    /** @return the targets of the page's links that are neither absolute URLs nor in code */
    private static List<String> relativeLinks(Path page) throws IOException {
        Matcher links = LINK.matcher(withoutCode(Files.readString(page)));
        List<String> targets = new ArrayList<>();
        while (links.find()) {
            targets.add(links.group(1));
        }
        return targets.stream()
                .filter(t -> !t.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*"))
                .toList();
    }

    /** @return a description of what is wrong with the link, or empty when it resolves */
    private static Optional<String> check(Path page, String target) throws IOException {
        String file = target.replaceFirst("#.*", "");
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return Optional.of(page + ": " + target + " (no file " + resolved + ")");
        }
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
        boolean found = anchor.isEmpty() || anchors(Files.readString(resolved)).contains(anchor);
        return found ? Optional.empty() : Optional.of(page + ": " + target + " (no heading for #" + anchor + ")");
    }

    /** @return the anchors GitHub gives the headings of a Markdown text, duplicates numbered -1, -2, ... */
    static Set<String> anchors(String markdown) {
        Matcher headings = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        Map<String, Integer> seen = new HashMap<>();
        Set<String> anchors = new HashSet<>();
        while (headings.find()) {
            String slug = slug(headings.group(1));
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }

    private static String slug(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    private static String withoutCode(String markdown) {
        return INLINE_CODE.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    }
}
