package dev.jwtfilter.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps README's example true: its Java block is {@link OrdersApiTest}, which compiles and runs. */
class ReadmeExampleTest {
    private static final String SECTION = "## Testing your application";

    @Test
    void readmeWhenTestingSectionShownThenItsJavaBlockIsOrdersApiTest() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("it.readme.md", "../README.md")));
        String section = readme.substring(readme.indexOf(SECTION));
        int start = section.indexOf("```java\n") + "```java\n".length();
        String block = section.substring(start, section.indexOf("```\n", start));
        String source = Files.readString(Path.of("src/test/java/dev/jwtfilter/testkit/readme/OrdersApiTest.java"));

        assertThat(readme).contains(SECTION);
        assertThat(block).startsWith("class OrdersApiTest {");
        assertThat(source).contains(block);
    }
}
