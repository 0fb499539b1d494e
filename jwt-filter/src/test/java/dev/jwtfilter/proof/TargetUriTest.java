package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUriTest {
    @ParameterizedTest
    @CsvSource({
        "https://api.example.com/orders, https://api.example.com/orders",
        "HTTPS://API.EXAMPLE.COM/orders, https://api.example.com/orders",
        "https://api.example.com:443/orders, https://api.example.com/orders",
        "http://api.example.com:80/orders, http://api.example.com/orders",
        "http://api.example.com:443/orders, http://api.example.com:443/orders",
        "https://api.example.com:8443/orders, https://api.example.com:8443/orders",
        "https://api.example.com, https://api.example.com/",
        "https://api.example.com/orders?x=1#f, https://api.example.com/orders",
        "https://api.example.com/Orders, https://api.example.com/Orders",
        "https://api.example.com/%7euser/%2f, https://api.example.com/~user/%2F",
        "https://api.example.com/a/./b/../c, https://api.example.com/a/c",
        "https://api.example.com/a/%2E%2E/c, https://api.example.com/c",
        "https://[::1]:443/x, https://[::1]/x"
    })
    void normalizeWhenHttpUriThenSchemeHostPortAndPathNormalizedPerRfc3986(String input, String expected) {
        assertThat(TargetUri.normalize(input)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders", "ftp://api.example.com/x", "mailto:a@example.com", "https:///x", "a b", ""})
    void normalizeWhenNotAnAbsoluteHttpUriWithAHostThenEmpty(String input) {
        assertThat(TargetUri.normalize(input)).isEmpty();
    }
}
