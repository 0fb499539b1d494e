package dev.jwtfilter.verify;

import static dev.jwtfilter.TestConfigs.own;
import static dev.jwtfilter.TestTokens.claims;
import static dev.jwtfilter.TestTokens.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One encoding per token (RFC 7515 section 2): every re-encoding of a part that Nimbus' lenient decoder would
 * read as the same bytes is refused before parsing, as {@code malformed}, on each part and for each algorithm
 * family. A header or payload variant is signed as it stands, so its signature is good: only the encoding
 * is wrong.
 */
class NimbusTokenVerifierEncodingTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** The algorithms, each with its key and a configuration that verifies it. */
    enum Alg {
        HS256(
                JWSAlgorithm.HS256,
                TestKeys.HMAC,
                config().hmacSecret(TestKeys.HMAC_SECRET).build()),
        RS256(JWSAlgorithm.RS256, TestKeys.RSA, TestTokens.rsaConfig()),
        ES256(
                JWSAlgorithm.ES256,
                TestKeys.EC,
                config().jwkSet(TestKeys.publicJwks(TestKeys.EC)).build());

        final JWSAlgorithm algorithm;
        final JWK key;
        final NimbusTokenVerifier verifier;

        Alg(JWSAlgorithm algorithm, JWK key, JwtConfig config) {
            this.algorithm = algorithm;
            this.key = key;
            this.verifier = new NimbusTokenVerifier(own(config));
        }
    }

    /** A re-encoding of one part, with what the canonical part must hold for it to apply. */
    enum Variant {
        PLUS_AND_SLASH(
                p -> p.indexOf('-') >= 0 || p.indexOf('_') >= 0,
                p -> p.replace('-', '+').replace('_', '/')),
        PADDING(p -> p.length() % 4 >= 2, p -> p + "=".repeat(4 - p.length() % 4)),
        UNUSED_BITS_SET(
                p -> p.length() % 4 >= 2,
                p -> p.substring(0, p.length() - 1) + ALPHABET.charAt(ALPHABET.indexOf(p.charAt(p.length() - 1)) | 1)),
        LENGTH_ONE_MORE_THAN_A_MULTIPLE_OF_FOUR(
                p -> p.length() >= 4,
                p -> p.length() % 4 == 0 ? p + "A" : p.substring(0, p.length() - p.length() % 4 + 1)),
        TILDE_INSIDE(p -> true, p -> insert(p, "~")),
        EXCLAMATION_MARK_INSIDE(p -> true, p -> insert(p, "!")),
        SPACE_INSIDE(p -> true, p -> insert(p, " ")),
        NON_ASCII_INSIDE(p -> true, p -> insert(p, "\u00e9"));

        final Predicate<String> applies;
        final UnaryOperator<String> apply;

        Variant(Predicate<String> applies, UnaryOperator<String> apply) {
            this.applies = applies;
            this.apply = apply;
        }

        private static String insert(String part, String text) {
            return part.substring(0, part.length() / 2) + text + part.substring(part.length() / 2);
        }
    }

    static Stream<Arguments> everyVariantOfEveryPart() {
        return Arrays.stream(Alg.values())
                .flatMap(alg -> Stream.of(0, 1, 2)
                        .flatMap(part ->
                                Arrays.stream(Variant.values()).map(variant -> Arguments.of(alg, part, variant))));
    }

    /**
     * A valid token whose part {@code part} suits the variant: a counter in the header and the claims changes
     * the lengths and characters of all three parts until it does (the signature's length is fixed by the algorithm).
     */
    private static String[] canonicalParts(Alg alg, int part, Variant variant) {
        for (int n = 0; n < 500; n++) {
            // Five '?' in a row always encode to a '_' somewhere, whatever their alignment.
            JWSHeader header = TestTokens.header(alg.algorithm, alg.key)
                    .customParam("n", n)
                    .customParam("q", "?????")
                    .build();
            String[] parts = TestTokens.sign(
                            alg.key,
                            header,
                            claims().claim("n", n).claim("q", "?????").build())
                    .split("\\.");
            if (variant.applies.test(parts[part])) {
                return parts;
            }
        }
        throw new IllegalStateException("no token suits " + variant + " on part " + part);
    }

    /** Signs exactly this header and payload text, so that only the encoding can be wrong. */
    private static String signedAsWritten(Alg alg, String header, String payload) throws JOSEException {
        String signingInput = header + "." + payload;
        JWSHeader jwsHeader = new JWSHeader(alg.algorithm);
        return signingInput + "."
                + TestTokens.signer(alg.key).sign(jwsHeader, signingInput.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}, part {1}: {2}")
    @MethodSource("everyVariantOfEveryPart")
    void verifyWhenAPartIsNotCanonicalBase64urlThenMalformed(Alg alg, int part, Variant variant) throws Exception {
        String[] parts = canonicalParts(alg, part, variant);
        assertThat(alg.verifier.verify(String.join(".", parts))).isNotNull();
        parts[part] = variant.apply.apply(parts[part]);
        String token = part == 2 ? String.join(".", parts) : signedAsWritten(alg, parts[0], parts[1]);

        assertThatThrownBy(() -> alg.verifier.verify(token))
                .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID);
                    assertThat(e.reason()).isEqualTo(AuthEventReason.MALFORMED);
                });
    }

    @ParameterizedTest
    @EnumSource(Alg.class)
    void verifyWhenSignatureStrippedThenStillReportedAsBadSignature(Alg alg) {
        String token = TestTokens.sign(alg.key, alg.algorithm, claims().build());
        String unsigned = token.substring(0, token.lastIndexOf('.') + 1);

        assertThatThrownBy(() -> alg.verifier.verify(unsigned))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthEventReason.BAD_SIGNATURE));
    }

    @Test
    void verifyWhenIssuerRoutingThenNonCanonicalTokenRefusedBeforeRouting() throws Exception {
        JwtConfig twoIssuers = config().jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .trustedIssuer(
                        "partner",
                        b -> b.issuer("https://partner.example")
                                .audiences(TestTokens.AUDIENCE)
                                .hmacSecret(TestKeys.HMAC_SECRET))
                .build();
        IssuerRoutingVerifier verifier = new IssuerRoutingVerifier(twoIssuers.trustedIssuers());
        String token = TestTokens.rs256();

        assertThat(verifier.verify(token)).isNotNull();
        assertThatThrownBy(() -> verifier.verify(token + "="))
                .isInstanceOfSatisfying(
                        JwtVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthEventReason.MALFORMED));
    }
}
