package dev.jwtfilter.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.it.support.DeployedWars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The readme-app WAR that the container tests deploy has README.md's whole {@code web.xml}, not just its filter. */
class ReadmeSnippetIT {

    private static String normalise(String xml) {
        return xml.replaceAll("\\s+", " ").strip();
    }

    @Test
    void readmeWhenSnippetComparedWithTheTestedWarThenIdentical() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("it.readme.md", "../README.md")));
        int declare = readme.indexOf("Declare the filter in `WEB-INF/web.xml`");
        int start = readme.indexOf("```xml", declare) + "```xml".length();
        String snippet = readme.substring(start, readme.indexOf("```", start));
        String webXml;
        try (ZipFile war = new ZipFile(DeployedWars.readmeApp().toFile())) {
            webXml = new String(
                    war.getInputStream(war.getEntry("WEB-INF/web.xml")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }

        assertThat(declare).isPositive();
        assertThat(snippet).contains("<filter-class>dev.jwtfilter.web.JwtAuthenticationFilter</filter-class>");
        assertThat(snippet.strip()).startsWith("<?xml").contains("<web-app ").endsWith("</web-app>");
        assertThat(normalise(webXml)).isEqualTo(normalise(snippet));
    }
}
