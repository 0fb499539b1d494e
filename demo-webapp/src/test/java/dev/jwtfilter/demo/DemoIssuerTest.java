package dev.jwtfilter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoIssuerTest {
    private static DemoSettings settings(Map<String, String> values) {
        return new DemoSettings(values::get);
    }

    @Test
    void fromWhenNothingIsSetThenLocalhost8080AndTheContextPath() {
        DemoIssuer issuer = DemoIssuer.from(settings(Map.of()), "/jwt-demo");

        assertThat(issuer.issuer()).isEqualTo("http://localhost:8080/jwt-demo");
        assertThat(issuer.endpoint("/auth/login")).isEqualTo("http://localhost:8080/jwt-demo/auth/login");
        assertThat(issuer.metadataPath()).isEqualTo("/.well-known/oauth-authorization-server/jwt-demo");
    }

    @Test
    void fromWhenTheIssuerHasAPathThenTheWellKnownPathIsInsertedBeforeIt() {
        DemoIssuer issuer = DemoIssuer.from(settings(Map.of("JWT_ISSUER", "https://demo.example.com/tenant/")), "");

        assertThat(issuer.issuer()).isEqualTo("https://demo.example.com/tenant/");
        assertThat(issuer.endpoint("/auth/login")).isEqualTo("https://demo.example.com/tenant/auth/login");
        assertThat(issuer.metadataPath()).isEqualTo("/.well-known/oauth-authorization-server/tenant/");
    }

    @Test
    void fromWhenTheIssuerIsAnOriginThenTheWellKnownPathAlone() {
        DemoIssuer issuer = DemoIssuer.from(settings(Map.of("JWT_ISSUER", "https://demo.example.com")), "/ignored");

        assertThat(issuer.issuer()).isEqualTo("https://demo.example.com");
        assertThat(issuer.metadataPath()).isEqualTo("/.well-known/oauth-authorization-server");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jwt-demo",
                "http://demo.example.com",
                "https://demo.example.com?tenant=1",
                "https://demo.example.com#x",
                "ftp://localhost",
                "https:///nohost",
                "https://demo example.com"
            })
    void fromWhenTheIssuerIsNotAnHttpsUrlOrLoopbackHttpThenRefused(String value) {
        assertThatThrownBy(() -> DemoIssuer.from(settings(Map.of("JWT_ISSUER", value)), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JWT_ISSUER must be the demo's base URL: https (http on localhost only), without query or "
                        + "fragment");
    }
}
