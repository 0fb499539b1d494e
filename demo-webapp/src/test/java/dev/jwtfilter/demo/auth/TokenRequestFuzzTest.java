package dev.jwtfilter.demo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;

/**
 * Coverage-guided fuzzing of the login/refresh/logout body parsing (JSON and forms). In a normal build Jazzer
 * replays the committed inputs under {@code src/test/resources/.../TokenRequestFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see README, Security).
 */
class TokenRequestFuzzTest {
    private static final String[] TYPES = {
        "application/json",
        "application/json; charset=utf-8",
        "application/x-www-form-urlencoded",
        "APPLICATION/X-WWW-FORM-URLENCODED;charset=UTF-8",
        "text/plain"
    };

    private static HttpServletRequest request(String contentType, byte[] body, long declaredLength) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(
                TokenRequestFuzzTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getContentType":
                            return contentType;
                        case "getContentLengthLong":
                            return declaredLength;
                        case "getInputStream":
                            return in;
                        default:
                            return null;
                    }
                });
    }

    /** Any content type, declared length and body: a parsed request or one of the three refusals, nothing else. */
    @FuzzTest(maxDuration = "10m")
    void readArbitraryBody(FuzzedDataProvider data) throws Exception {
        String contentType = data.consumeBoolean() ? data.pickValue(TYPES) : data.consumeString(80);
        long declaredLength = data.consumeBoolean() ? -1 : data.consumeLong(0, 20_000);
        byte[] body = data.consumeRemainingAsBytes();

        try {
            TokenRequest parsed = TokenRequestReader.read(request(contentType, body, declaredLength));
            assertThat(body.length).isLessThanOrEqualTo(TokenRequestReader.MAX_BYTES);
            assertThat(parsed.toString()).startsWith("TokenRequest[");
            for (String name : new String[] {"grant_type", "username", "password", "refresh_token", "token"}) {
                parsed.get(name).ifPresent(value -> assertThat(value).isNotEmpty());
            }
        } catch (TokenRequestReader.BodyException refused) {
            assertThat(refused.problem).isNotNull();
        }
    }
}
