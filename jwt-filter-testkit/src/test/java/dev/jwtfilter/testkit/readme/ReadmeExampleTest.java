package dev.jwtfilter.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documented test-kit example true: the Java block of "Testing your application" in docs/testing.md
 * (linked from README) is {@link OrdersApiTest}, which compiles and runs.
 */
class ReadmeExampleTest {
    private static final String SECTION = "## Testing your application";

    @Test
    void testingDocWhenTestingSectionShownThenItsJavaBlockIsOrdersApiTest() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("it.testing.md", "../docs/testing.md")));
        String section = doc.substring(doc.indexOf(SECTION));
        int start = section.indexOf("```java\n") + "```java\n".length();
        String block = section.substring(start, section.indexOf("```\n", start));
        String source = Files.readString(Path.of("src/test/java/dev/jwtfilter/testkit/readme/OrdersApiTest.java"));

        assertThat(doc).contains(SECTION);
        assertThat(block).startsWith("class OrdersApiTest {");
        assertThat(source).contains(block);
    }
}
