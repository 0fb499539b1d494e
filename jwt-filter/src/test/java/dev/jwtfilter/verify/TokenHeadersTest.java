package dev.jwtfilter.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.util.Base64URL;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** Headers of accepted tokens parsed once: every rule still runs on the tokens that share them. */
class TokenHeadersTest {
    private static final JWKSelector ANY = new JWKSelector(new JWKMatcher.Builder().build());

    private static NimbusTokenVerifier verifier() {
        return new NimbusTokenVerifier(TestTokens.rsaConfig().ownIssuer().orElseThrow());
    }

    private static String tamperSignature(String token) {
        char last = token.charAt(token.length() - 2);
        return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    }

    @Test
    void verifyWhenAHeaderIsRememberedThenItsTokensStillPassEveryCheck() throws Exception {
        NimbusTokenVerifier verifier = verifier();
        assertThat(verifier.verify(TestTokens.rs256()).subject()).contains("alice");
        assertThat(verifier.rememberedHeaders()).isEqualTo(1);

        String badSignature = tamperSignature(TestTokens.rs256());
        String expired = TestTokens.rs256(TestTokens.claims()
                .expirationTime(Date.from(TestTokens.NOW.minus(Duration.ofHours(1))))
                .build());
        String otherAudience =
                TestTokens.rs256(TestTokens.claims().audience("elsewhere").build());

        assertThatThrownBy(() -> verifier.verify(badSignature))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthEventReason.BAD_SIGNATURE));
        assertThatThrownBy(() -> verifier.verify(expired))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.EXPIRED));
        assertThatThrownBy(() -> verifier.verify(otherAudience))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthEventReason.WRONG_AUDIENCE));
        assertThat(verifier.verify(TestTokens.rs256()).subject()).contains("alice");
    }

    @Test
    void verifyWhenATokenIsRefusedThenItsHeaderIsNotRemembered() {
        NimbusTokenVerifier verifier = verifier();
        String foreign = TestTokens.sign(
                TestKeys.RSA_OTHER, JWSAlgorithm.RS256, TestTokens.claims().build());

        assertThatThrownBy(() -> verifier.verify(foreign)).isInstanceOf(JwtVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(tamperSignature(TestTokens.rs256())))
                .isInstanceOf(JwtVerificationException.class);

        assertThat(verifier.rememberedHeaders()).isZero();
    }

    @Test
    void rememberWhenFullThenStaysBoundedAndLongHeadersAreNeverKept() throws Exception {
        TokenHeaders headers = new TokenHeaders();
        for (int i = 0; i < TokenHeaders.MAX_ENTRIES * 2; i++) {
            headers.remember(
                    parsed(new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID("k" + i)
                            .build()),
                    ANY);
        }
        assertThat(headers.size()).isEqualTo(TokenHeaders.MAX_ENTRIES);

        TokenHeaders empty = new TokenHeaders();
        JWSHeader longHeader = parsed(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("k".repeat(TokenHeaders.MAX_HEADER_LENGTH))
                .build());
        empty.remember(longHeader, ANY);
        assertThat(empty.size()).isZero();
    }

    @Test
    void getWhenRememberedThenOnlyForExactlyTheSameEncodedForm() throws Exception {
        TokenHeaders headers = new TokenHeaders();
        JWSHeader header =
                parsed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build());
        headers.remember(header, ANY);

        String encoded = header.getParsedBase64URL().toString();
        assertThat(headers.get(encoded).header()).isSameAs(header);
        assertThat(headers.get(encoded + "A")).isNull();
    }

    private static JWSHeader parsed(JWSHeader built) throws Exception {
        return JWSHeader.parse(Base64URL.encode(built.toString()));
    }
}
