package dev.jwtfilter.core;

import static dev.jwtfilter.TestConfigs.own;
import static dev.jwtfilter.TestTokens.ISSUER;
import static dev.jwtfilter.TestTokens.NOW;
import static dev.jwtfilter.TestTokens.claims;
import static dev.jwtfilter.TestTokens.header;
import static dev.jwtfilter.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.LogCapture;
import dev.jwtfilter.MutableClock;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.keys.KeySetChanges;
import dev.jwtfilter.keys.VerificationKeys;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The events {@link JwtAuthenticator} reports: one per token accepted or refused, with the precise reason,
 * and the issuer and subject only when the signature verified. Real keys and tokens on a fixed clock.
 */
class JwtAuthenticatorEventsTest {
    private final MutableClock clock = new MutableClock(NOW);
    private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
    private final Set<String> revokedIds = new HashSet<>();

    private JwtConfigBuilder config() {
        return TestTokens.config()
                .clock(clock)
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .eventListener(events::add);
    }

    private JwtAuthenticator authenticator(JwtConfig config) {
        return new JwtAuthenticator(
                config,
                new NimbusTokenVerifier(own(config)),
                jwt -> jwt.id().map(revokedIds::contains).orElse(false));
    }

    private static BearerError error(AuthenticationOutcome outcome) {
        return ((AuthenticationOutcome.Failed) outcome).error();
    }

    static Stream<Arguments> tokens() throws JOSEException {
        String valid = TestTokens.rs256();
        String[] parts = valid.split("\\.");
        String hs256WithPublicKey =
                hs256SignedWith(TestKeys.RSA.toPublicJWK().toJSONString().getBytes());
        EncryptedJWT jwe =
                new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM), claims().build());
        jwe.encrypt(new RSAEncrypter(TestKeys.RSA.toRSAPublicKey()));
        Date past = Date.from(NOW.minusSeconds(3600));
        Date future = Date.from(NOW.plusSeconds(600));
        return Stream.of(
                arguments("valid", valid, AuthEventReason.ACCEPTED, ISSUER, "alice"),
                arguments("garbage", "not.a.jwt", AuthEventReason.MALFORMED, null, null),
                arguments("JWE", jwe.serialize(), AuthEventReason.MALFORMED, null, null),
                arguments(
                        "alg none",
                        new PlainJWT(claims().build()).serialize(),
                        AuthEventReason.BAD_SIGNATURE,
                        null,
                        null),
                arguments(
                        "signature stripped",
                        parts[0] + "." + parts[1] + ".",
                        AuthEventReason.BAD_SIGNATURE,
                        null,
                        null),
                arguments(
                        "foreign key, our kid",
                        sign(TestKeys.RSA_OTHER, JWSAlgorithm.RS256, claims().build()),
                        AuthEventReason.BAD_SIGNATURE,
                        null,
                        null),
                arguments(
                        "forged, also expired",
                        sign(
                                TestKeys.RSA_OTHER,
                                JWSAlgorithm.RS256,
                                claims().expirationTime(past).build()),
                        AuthEventReason.BAD_SIGNATURE,
                        null,
                        null),
                arguments(
                        "unknown kid",
                        sign(TestKeys.RSA_SECOND, JWSAlgorithm.RS256, claims().build()),
                        AuthEventReason.UNKNOWN_KEY,
                        null,
                        null),
                arguments("HS256 with the public key", hs256WithPublicKey, AuthEventReason.UNKNOWN_KEY, null, null),
                arguments(
                        "foreign typ",
                        sign(
                                TestKeys.RSA,
                                header(JWSAlgorithm.RS256, TestKeys.RSA)
                                        .type(new JOSEObjectType("refresh+jwt"))
                                        .build(),
                                claims().build()),
                        AuthEventReason.WRONG_TYPE,
                        null,
                        null),
                arguments(
                        "nested cty",
                        sign(
                                TestKeys.RSA,
                                header(JWSAlgorithm.RS256, TestKeys.RSA)
                                        .contentType("JWT")
                                        .build(),
                                claims().build()),
                        AuthEventReason.WRONG_TYPE,
                        null,
                        null),
                arguments(
                        "expired",
                        TestTokens.rs256(claims().expirationTime(past).build()),
                        AuthEventReason.EXPIRED,
                        ISSUER,
                        "alice"),
                arguments(
                        "nbf ahead",
                        TestTokens.rs256(claims().notBeforeTime(future).build()),
                        AuthEventReason.NOT_YET_VALID,
                        ISSUER,
                        "alice"),
                arguments(
                        "iat ahead",
                        TestTokens.rs256(claims().issueTime(future).build()),
                        AuthEventReason.NOT_YET_VALID,
                        ISSUER,
                        "alice"),
                arguments(
                        "other issuer",
                        TestTokens.rs256(
                                claims().issuer("https://other.example").build()),
                        AuthEventReason.WRONG_ISSUER,
                        "https://other.example",
                        "alice"),
                arguments(
                        "other audience",
                        TestTokens.rs256(claims().audience("billing-api").build()),
                        AuthEventReason.WRONG_AUDIENCE,
                        ISSUER,
                        "alice"),
                arguments(
                        "no audience",
                        TestTokens.rs256(claims().audience((String) null).build()),
                        AuthEventReason.WRONG_AUDIENCE,
                        ISSUER,
                        "alice"),
                arguments(
                        "no exp",
                        TestTokens.rs256(claims().expirationTime(null).build()),
                        AuthEventReason.MALFORMED,
                        ISSUER,
                        "alice"),
                arguments(
                        "no name claim",
                        TestTokens.rs256(claims().subject(null).build()),
                        AuthEventReason.MALFORMED,
                        ISSUER,
                        null),
                arguments(
                        "roles not strings",
                        TestTokens.rs256(claims().claim("groups", List.of(1)).build()),
                        AuthEventReason.MALFORMED,
                        ISSUER,
                        "alice"));
    }

    private static String hs256SignedWith(byte[] secret) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header(JWSAlgorithm.HS256, TestKeys.RSA).build(), claims().build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("tokens")
    void authenticateWhenTokenThenOneEventWithReasonAndOnlyVerifiedParties(
            String what, String token, AuthEventReason reason, String issuer, String subject) {
        authenticator(config().build()).authenticate(token);

        assertThat(events).containsExactly(new AuthEvent(reason, NOW, issuer, subject));
    }

    @Test
    void authenticateWhenAnyTokenThenNoEventFieldAndNoLogLineHoldsTokenText() throws JOSEException {
        JwtAuthenticator authenticator = authenticator(config().build());
        List<String> tokens =
                tokens().map(arguments -> (String) arguments.get()[1]).toList();

        try (LogCapture log = new LogCapture("dev.jwtfilter")) {
            tokens.forEach(authenticator::authenticate);

            assertThat(log.lines()).hasSizeGreaterThanOrEqualTo(tokens.size());
            for (String token : tokens) {
                for (String part : token.split("\\.")) {
                    if (part.length() > 8) {
                        assertThat(log.lines()).noneMatch(line -> line.contains(part));
                        assertThat(events).noneMatch(event -> event.toString().contains(part));
                    }
                }
            }
        }
    }

    @Test
    void authenticateWhenOlderThanMaxAgeThenExpiredEventButInvalidTokenAnswer() {
        JwtAuthenticator authenticator =
                authenticator(config().maxTokenAge(Duration.ofSeconds(100)).build());

        AuthenticationOutcome outcome = authenticator.authenticate(TestTokens.rs256(
                claims().issueTime(Date.from(NOW.minusSeconds(200))).build()));

        assertThat(error(outcome)).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(events).extracting(AuthEvent::reason).containsExactly(AuthEventReason.EXPIRED);
    }

    @Test
    void authenticateWhenNoKeyCanBeHadThenKeysUnavailableEvent() {
        JWKSource<SecurityContext> down = (selector, context) -> {
            throw new KeySourceException("JWKS endpoint down");
        };
        JwtConfig config = TestTokens.config()
                .clock(clock)
                .eventListener(events::add)
                .keys(new VerificationKeys(down, Set.of(JWSAlgorithm.RS256), true, new KeySetChanges()))
                .build();

        AuthenticationOutcome outcome = authenticator(config).authenticate(TestTokens.rs256());

        assertThat(error(outcome)).isEqualTo(BearerError.KEYS_UNAVAILABLE);
        assertThat(events).containsExactly(new AuthEvent(AuthEventReason.KEYS_UNAVAILABLE, NOW, null, null));
    }

    @Test
    void authenticateWhenRevokedThenRevokedEventOnTheMissAndOnTheHit() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String first = TestTokens.rs256(claims().jwtID("s-1").build());
        String second = TestTokens.rs256(claims().jwtID("s-2").build());
        revokedIds.add("s-1");
        authenticator.authenticate(first);
        authenticator.authenticate(second); // accepted, now cached
        revokedIds.add("s-2");

        authenticator.authenticate(second);

        assertThat(events)
                .extracting(AuthEvent::reason)
                .containsExactly(AuthEventReason.REVOKED, AuthEventReason.ACCEPTED, AuthEventReason.REVOKED);
        assertThat(events).allSatisfy(event -> assertThat(event.subject()).isEqualTo("alice"));
    }

    @Test
    void authenticateWhenCacheHitThenAcceptedAgainAndTimeRefusalsReported() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256(claims().notBeforeTime(Date.from(NOW)).build()); // exp NOW + 300 s, skew 60 s
        authenticator.authenticate(token);
        authenticator.authenticate(token);
        clock.advance(Duration.ofSeconds(-61));
        authenticator.authenticate(token);
        clock.advance(Duration.ofSeconds(61));
        authenticator.authenticate(token); // verified again: the entry went with the refusal
        authenticator.authenticate(token);

        assertThat(events)
                .extracting(AuthEvent::reason)
                .containsExactly(
                        AuthEventReason.ACCEPTED,
                        AuthEventReason.ACCEPTED,
                        AuthEventReason.NOT_YET_VALID,
                        AuthEventReason.ACCEPTED,
                        AuthEventReason.ACCEPTED);
    }

    @Test
    void authenticateWhenCachedTokenExpiresThenExpiredEventFromTheHit() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256();
        authenticator.authenticate(token);
        clock.advance(Duration.ofSeconds(360));

        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.EXPIRED_TOKEN);
        assertThat(events.get(1))
                .isEqualTo(new AuthEvent(AuthEventReason.EXPIRED, NOW.plusSeconds(360), ISSUER, "alice"));
    }

    @Test
    void refuseWhenNoTokenCouldBeReadThenOneMalformedEventEach() {
        JwtAuthenticator authenticator = authenticator(config().build());

        assertThat(authenticator.refuse(BearerError.MALFORMED_HEADER))
                .isEqualTo(new AuthenticationOutcome.Failed(BearerError.MALFORMED_HEADER));
        authenticator.refuse(BearerError.MULTIPLE_TOKENS);

        assertThat(events)
                .extracting(AuthEvent::reason)
                .containsExactly(AuthEventReason.MALFORMED, AuthEventReason.MALFORMED);
    }

    @Test
    void reportRefusalWhenCallerRefusesThenMissingOrInsufficientRoleAndNeverATokenRefusalTwice() {
        JwtAuthenticator authenticator = authenticator(config().build());
        AuthenticationOutcome alice = authenticator.authenticate(TestTokens.rs256());
        AuthenticationOutcome forged = authenticator.authenticate("not.a.jwt");
        events.clear();

        authenticator.reportRefusal(BearerError.MISSING_TOKEN, AuthenticationOutcome.ANONYMOUS);
        authenticator.reportRefusal(BearerError.INSUFFICIENT_ROLE, alice);
        authenticator.reportRefusal(BearerError.ACCESS_DENIED, AuthenticationOutcome.ANONYMOUS);
        authenticator.reportRefusal(BearerError.INVALID_TOKEN, forged);

        assertThat(events)
                .containsExactly(
                        new AuthEvent(AuthEventReason.MISSING, NOW, null, null),
                        new AuthEvent(AuthEventReason.INSUFFICIENT_ROLE, NOW, ISSUER, "alice"),
                        new AuthEvent(AuthEventReason.INSUFFICIENT_ROLE, NOW, null, null));
    }

    @Test
    void authenticateWhenListenerThrowsThenOutcomeUnchangedAndLaterListenersAndCountersStillRun() {
        List<AuthEvent> after = new ArrayList<>();
        JwtConfig config = config().eventListener(event -> {
                    throw new IllegalStateException("broken listener");
                })
                .eventListener(after::add)
                .build();
        JwtAuthenticator authenticator = authenticator(config);

        AuthenticationOutcome accepted = authenticator.authenticate(TestTokens.rs256());
        AuthenticationOutcome refused =
                authenticator.authenticate(sign(TestKeys.RSA_OTHER, JWSAlgorithm.RS256, claims().build()));

        assertThat(accepted).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(error(refused)).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(after).hasSize(2);
        assertThat(authenticator.counters().count(AuthEventReason.ACCEPTED)).isEqualTo(1);
        assertThat(authenticator.counters().count(AuthEventReason.BAD_SIGNATURE))
                .isEqualTo(1);
    }

    @Test
    void authenticateWhenEventLoggingOffThenNoEventLineButCountersCount() {
        JwtAuthenticator quiet = authenticator(config().eventLogging(false).build());
        JwtAuthenticator chatty = authenticator(config().build());

        try (LogCapture log = new LogCapture("dev.jwtfilter.event")) {
            quiet.authenticate(TestTokens.rs256());
            assertThat(log.records()).isEmpty();
            chatty.authenticate(TestTokens.rs256());
            assertThat(log.lines()).containsExactly("JWT accepted: issuer=\"" + ISSUER + "\" subject=\"alice\" null");
        }
        assertThat(quiet.counters().count(AuthEventReason.ACCEPTED)).isEqualTo(1);
    }

    @Test
    void countersWhenSeveralTokensThenCountedPerReason() {
        JwtAuthenticator authenticator = authenticator(config().build());

        authenticator.authenticate(TestTokens.rs256());
        authenticator.authenticate(TestTokens.rs256());
        authenticator.authenticate("not.a.jwt");

        assertThat(authenticator.counters().snapshot())
                .containsEntry(AuthEventReason.ACCEPTED, 2L)
                .containsEntry(AuthEventReason.MALFORMED, 1L)
                .containsEntry(AuthEventReason.EXPIRED, 0L);
    }
}
