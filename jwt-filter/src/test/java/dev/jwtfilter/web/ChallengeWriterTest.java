package dev.jwtfilter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jwtfilter.ServletStreams;
import dev.jwtfilter.error.BearerError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChallengeWriterTest {
    private final ChallengeWriter writer = new ChallengeWriter("orders");

    @Test
    void challengeWhenNoErrorCodeThenBareRealm() {
        assertThat(writer.challenge(BearerError.MISSING_TOKEN)).isEqualTo("Bearer realm=\"orders\"");
    }

    @Test
    void challengeWhenErrorThenCodeAndDescription() {
        assertThat(writer.challenge(BearerError.EXPIRED_TOKEN))
                .isEqualTo("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"Token has expired\"");
    }

    @Test
    void challengeWhenErrorHasParametersThenTheyFollowTheDescriptionInOrder() {
        BearerError error = BearerError.INSUFFICIENT_ROLE
                .withParameter("scope", "orders:write orders:admin")
                .withParameter("max_age", "300");

        assertThat(writer.challenge(error))
                .isEqualTo("Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\""
                        + BearerError.INSUFFICIENT_ROLE.description()
                        + "\", scope=\"orders:write orders:admin\", max_age=\"300\"");
    }

    @Test
    void withParameterWhenValueNeedsEscapingOrNameIsOddThenRefused() {
        assertThatThrownBy(() -> BearerError.INSUFFICIENT_ROLE.withParameter("scope", "a\"b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerError.INSUFFICIENT_ROLE.withParameter("scope", "a\\b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerError.INSUFFICIENT_ROLE.withParameter("scope", "a\r\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerError.INSUFFICIENT_ROLE.withParameter("Scope=x", "a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headersWhenInsufficientRoleThenChallengeThenNoStoreInThatOrder() {
        assertThat(writer.headers(BearerError.INSUFFICIENT_ROLE))
                .containsExactly(
                        entry(
                                "WWW-Authenticate",
                                "Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\"Insufficient role\""),
                        entry("Cache-Control", "no-store"));
    }

    @Test
    void headersWhenKeysUnavailableThenRetryAfterAndNoChallenge() {
        assertThat(writer.headers(BearerError.KEYS_UNAVAILABLE))
                .containsExactly(entry("Retry-After", "10"), entry("Cache-Control", "no-store"));
    }

    @Test
    void writeWhenErrorThenStatusHeadersAndJsonBody() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        when(response.getOutputStream()).thenReturn(ServletStreams.into(body));

        writer.write(response, BearerError.INSUFFICIENT_ROLE);

        verify(response).setStatus(403);
        verify(response)
                .setHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\"Insufficient role\"");
        verify(response).setHeader("Cache-Control", "no-store");
        verify(response).setContentType("application/json");
        assertThat(body.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":\"Insufficient role\"}");
    }

    @Test
    void writeWhenKeysUnavailableThen503WithRetryAfterAndNoChallenge() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(response.getOutputStream()).thenReturn(ServletStreams.into(new ByteArrayOutputStream()));

        writer.write(response, BearerError.KEYS_UNAVAILABLE);

        verify(response).setStatus(503);
        verify(response).setHeader("Retry-After", "10");
        verify(response, never())
                .setHeader(
                        org.mockito.ArgumentMatchers.eq("WWW-Authenticate"), org.mockito.ArgumentMatchers.anyString());
    }

    @Test
    void writeWhenCommittedThenNothingWritten() throws Exception {
        HttpServletResponse response = mock(HttpServletResponse.class);
        when(response.isCommitted()).thenReturn(true);

        writer.write(response, BearerError.INVALID_TOKEN);

        verify(response, never()).setStatus(org.mockito.ArgumentMatchers.anyInt());
    }

    private static ChallengeWriter dpopWriter(dev.jwtfilter.verify.DPoPPolicy policy) {
        return ChallengeWriter.of(dev.jwtfilter.TestTokens.config()
                .jwkSet(dev.jwtfilter.TestKeys.publicJwks(dev.jwtfilter.TestKeys.RSA))
                .realm("orders")
                .dpop(policy)
                .build());
    }

    @Test
    void challengesWhenBothSchemesAreAcceptedThenBearerAndDPoPWithAlgsAndTheErrorOnTheSchemeUsed() {
        ChallengeWriter both = dpopWriter(dev.jwtfilter.verify.DPoPPolicy.DPOP_ALLOWED);

        assertThat(both.challenges(BearerError.MISSING_TOKEN, dev.jwtfilter.core.Presentation.Scheme.BEARER))
                .containsExactly("Bearer realm=\"orders\"", "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256\"");
        assertThat(both.challenges(BearerError.INVALID_DPOP_PROOF, dev.jwtfilter.core.Presentation.Scheme.DPOP))
                .containsExactly(
                        "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256\", error=\"invalid_dpop_proof\","
                                + " error_description=\"Invalid DPoP proof\"",
                        "Bearer realm=\"orders\"");
        assertThat(both.challenges(BearerError.EXPIRED_TOKEN, dev.jwtfilter.core.Presentation.Scheme.BEARER))
                .containsExactly(
                        "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"Token has expired\"",
                        "DPoP realm=\"orders\", algs=\"ES256 RS256 PS256\"");
    }

    @Test
    void challengesWhenDPoPIsRequiredThenOnlyDPoPCarryingTheErrorOfABearerRequest() {
        ChallengeWriter dpopOnly = dpopWriter(dev.jwtfilter.verify.DPoPPolicy.DPOP_REQUIRED);

        assertThat(dpopOnly.challenges(BearerError.DPOP_REQUIRED, dev.jwtfilter.core.Presentation.Scheme.BEARER))
                .containsExactly("DPoP realm=\"orders\", algs=\"ES256 RS256 PS256\", error=\"invalid_token\","
                        + " error_description=\"Token must be DPoP-bound and sent with a proof\"");
    }

    @Test
    void challengesWhenNoIssuerAcceptsDPoPThenBearerAlone() {
        ChallengeWriter bearer = dpopWriter(dev.jwtfilter.verify.DPoPPolicy.BEARER);

        assertThat(bearer.challenges(BearerError.MISSING_TOKEN, dev.jwtfilter.core.Presentation.Scheme.DPOP))
                .containsExactly("Bearer realm=\"orders\"");
    }

    @Test
    void headersWhenNoncesAreOnThenEvery401CarriesAFreshNonceAndA503None() {
        dev.jwtfilter.config.JwtConfig config = dev.jwtfilter.TestTokens.config()
                .jwkSet(dev.jwtfilter.TestKeys.publicJwks(dev.jwtfilter.TestKeys.RSA))
                .dpop(dev.jwtfilter.verify.DPoPPolicy.DPOP_ALLOWED)
                .dpopNonces(true)
                .build();
        ChallengeWriter withNonces = ChallengeWriter.of(config);
        String current =
                config.dpopProofSettings().orElseThrow().nonces().orElseThrow().current();

        assertThat(withNonces.headers(BearerError.USE_DPOP_NONCE, dev.jwtfilter.core.Presentation.Scheme.DPOP))
                .containsEntry(ChallengeWriter.DPOP_NONCE_HEADER, current);
        assertThat(withNonces.headers(BearerError.PROOF_CHECK_UNAVAILABLE, dev.jwtfilter.core.Presentation.Scheme.DPOP))
                .doesNotContainKey(ChallengeWriter.DPOP_NONCE_HEADER);
    }
}
