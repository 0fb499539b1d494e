package dev.jwtfilter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's configuration-keys table is the one list of every {@code jwt.*} setting: it names each key of
 * {@link JwtConfigParams#ALL} exactly once and nothing else, and docs/configuration.md's MicroProfile table names
 * every MicroProfile JWT key the parser knows.
 */
class ReadmeConfigTableTest {
    private static final Path README = Path.of("../README.md");
    private static final Path CONFIGURATION_DOC = Path.of("../docs/configuration.md");
    private static final Pattern FIRST_CELL = Pattern.compile("^\\| `([^`]+)` \\|");

    @Test
    void readmeTableWhenReadThenNamesEveryKeyOfAll() throws IOException {
        assertThat(tableKeys(README, "## Configuration keys")).containsAll(JwtConfigParams.ALL);
    }

    @Test
    void readmeTableWhenReadThenNamesNoKeyOutsideAll() throws IOException {
        assertThat(JwtConfigParams.ALL).containsAll(tableKeys(README, "## Configuration keys"));
    }

    @Test
    void readmeTableWhenReadThenNamesEachKeyOnce() throws IOException {
        assertThat(tableKeys(README, "## Configuration keys")).doesNotHaveDuplicates();
    }

    @Test
    void readmeTableWhenReadThenEveryRowHasNameDefaultAndMeaning() throws IOException {
        assertThat(tableRows(README, "## Configuration keys"))
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.split("\\|", -1)).as(row).hasSize(5));
    }

    @Test
    void microProfileTableWhenReadThenNamesEveryMicroProfileKey() throws IOException {
        List<String> keys = tableKeys(CONFIGURATION_DOC, "## MicroProfile JWT keys");

        assertThat(keys)
                .containsAll(JwtConfigParams.MP_ALIASES.keySet())
                .containsAll(JwtConfigParams.MP_OWN)
                .containsAll(JwtConfigParams.MP_UNSUPPORTED.keySet());
    }

    /** @return the first-column names of the first table after {@code heading}, in order */
    private static List<String> tableKeys(Path file, String heading) throws IOException {
        return tableRows(file, heading).stream()
                .map(FIRST_CELL::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .toList();
    }

    /** @return the body rows (no header, no separator) of the first table after {@code heading} */
    private static List<String> tableRows(Path file, String heading) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = lines.indexOf(heading);
        assertThat(start).as("%s in %s", heading, file).isNotNegative();
        return Stream.iterate(
                        firstTableLine(lines, start),
                        i -> i < lines.size() && lines.get(i).startsWith("|"),
                        i -> i + 1)
                .skip(2)
                .map(lines::get)
                .toList();
    }

    private static int firstTableLine(List<String> lines, int from) {
        int i = from;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        return i;
    }
}
