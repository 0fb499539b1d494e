package dev.jwtfilter.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.TestKeys;
import dev.jwtfilter.refresh.RotationOutcome.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RefreshTokenStore} owes, run against each implementation. Two store
 * instances over the same database stand for two application nodes.
 */
abstract class RefreshTokenStoreContract {
    static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    static final RefreshTokenSettings RULES = new RefreshTokenSettings(Duration.ofDays(14), Duration.ofHours(24));
    static final int RACE_THREADS = 16;
    static final int RACE_ROUNDS = 50;

    /** @return the store of node A */
    abstract RefreshTokenStore nodeA();

    /** @return another store instance over the same data: node B */
    abstract RefreshTokenStore nodeB();

    static String hash() {
        return OpaqueTokens.hash(UUID.randomUUID().toString());
    }

    static RefreshFamily family(String subject) {
        return new RefreshFamily(UUID.randomUUID().toString(), subject, T0, T0.plus(Duration.ofDays(14)));
    }

    private static RefreshFamily startedAt(String subject, Instant start) {
        return new RefreshFamily(UUID.randomUUID().toString(), subject, start, T0.plus(Duration.ofDays(14)));
    }

    private String login(RefreshFamily family) {
        String first = hash();
        nodeA().createFamily(family, first);
        return first;
    }

    @Test
    void rotateWhenCurrentThenRotatedAndSuccessorIsCurrentOnTheOtherNode() {
        RefreshFamily family = family("alice");
        String first = login(family);
        String second = hash();

        assertThat(nodeA().rotate(first, second, T0.plusSeconds(60), RULES))
                .isEqualTo(new RotationOutcome.Rotated(family.id(), "alice", family.expiresAt()));
        assertThat(nodeB().rotate(second, hash(), T0.plusSeconds(120), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotateWhenUsedTokenPresentedAgainThenReusedAndNewestTokenRevokedToo() {
        RefreshFamily family = family("alice");
        String first = login(family);
        String second = hash();
        nodeA().rotate(first, second, T0.plusSeconds(60), RULES);

        assertThat(nodeB().rotate(first, hash(), T0.plusSeconds(61), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));
        assertThat(nodeA().rotate(second, hash(), T0.plusSeconds(62), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REVOKED));
    }

    @Test
    void rotateWhenUnknownThenUnknown() {
        assertThat(nodeA().rotate(hash(), hash(), T0, RULES)).isEqualTo(new RotationOutcome.Rejected(Reason.UNKNOWN));
    }

    @Test
    void rotateWhenPastAbsoluteLifetimeThenExpiredEvenIfActive() {
        RefreshFamily family =
                new RefreshFamily(UUID.randomUUID().toString(), "alice", T0, T0.plus(Duration.ofHours(2)));
        String token = hash();
        nodeA().createFamily(family, token);
        for (int hour = 1; hour <= 1; hour++) {
            String next = hash();
            assertThat(nodeA().rotate(token, next, T0.plus(Duration.ofHours(hour)), RULES))
                    .isInstanceOf(RotationOutcome.Rotated.class);
            token = next;
        }

        assertThat(nodeA().rotate(token, hash(), T0.plus(Duration.ofHours(2)), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.EXPIRED));
    }

    @Test
    void rotateWhenIdleLongerThanTimeoutThenExpired() {
        RefreshFamily family = family("alice");
        String first = login(family);
        String second = hash();
        nodeA().rotate(first, second, T0.plus(Duration.ofHours(20)), RULES);

        assertThat(nodeA().rotate(second, hash(), T0.plus(Duration.ofHours(44)), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.EXPIRED));
    }

    @Test
    void rotateWhenRefusedForExpiryThenTokenIsNotConsumed() {
        RefreshFamily family = family("alice");
        String first = login(family);

        nodeA().rotate(first, hash(), T0.plus(Duration.ofDays(2)), RULES);

        assertThat(nodeA().rotate(first, hash(), T0.plus(Duration.ofDays(3)), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.EXPIRED)); // not REUSED: nothing was used
    }

    @Test
    void revokeFamilyOfWhenLogoutThenEveryTokenOfTheFamilyRefused() {
        RefreshFamily family = family("alice");
        String first = login(family);

        assertThat(nodeB().revokeFamilyOf(first, T0.plusSeconds(5))).isTrue();
        assertThat(nodeB().revokeFamilyOf(first, T0.plusSeconds(6))).isFalse();
        assertThat(nodeA().rotate(first, hash(), T0.plusSeconds(10), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REVOKED));
        assertThat(nodeA().revokeFamilyOf(hash(), T0)).isFalse();
    }

    @Test
    void revokeAllForSubjectThenOnlyThatUsersFamiliesDie() {
        String subject = "user-" + UUID.randomUUID();
        String phone = login(family(subject));
        String laptop = login(family(subject));
        String someoneElse = login(family("other-" + UUID.randomUUID()));

        assertThat(nodeB().revokeAllForSubject(subject, T0.plusSeconds(5))).isEqualTo(2);

        assertThat(nodeA().rotate(phone, hash(), T0.plusSeconds(9), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REVOKED));
        assertThat(nodeA().rotate(laptop, hash(), T0.plusSeconds(9), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REVOKED));
        assertThat(nodeA().rotate(someoneElse, hash(), T0.plusSeconds(9), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void purgeExpiredThenEndedFamiliesAreGone() {
        RefreshFamily ended = new RefreshFamily(
                UUID.randomUUID().toString(), "alice", T0.minus(Duration.ofDays(30)), T0.minus(Duration.ofDays(16)));
        String token = hash();
        nodeA().createFamily(ended, token);

        assertThat(nodeA().purgeExpired(T0, RULES.idleTimeout())).isGreaterThanOrEqualTo(1);
        assertThat(nodeA().rotate(token, hash(), T0, RULES)).isEqualTo(new RotationOutcome.Rejected(Reason.UNKNOWN));
    }

    @Test
    void purgeExpiredWhenEndedIdleAndLiveFamiliesThenOnlyTheDeadGo() {
        Instant now = T0.plus(Duration.ofDays(2));
        Instant idleSince = now.minus(RULES.idleTimeout());
        String endedToken = hash(); // ends by age, used two hours ago
        nodeA().createFamily(
                        new RefreshFamily(UUID.randomUUID().toString(), "alice", now.minus(Duration.ofHours(2)), now),
                        endedToken);
        String idleToken = hash(); // last used exactly one idle timeout ago
        nodeA().createFamily(startedAt("bob", idleSince.minus(Duration.ofHours(1))), idleToken);
        nodeA().rotate(idleToken, hash(), idleSince, RULES);
        RefreshFamily live = startedAt("carol", idleSince.minus(Duration.ofHours(1)));
        String liveFirst = hash(); // last used one second later
        nodeA().createFamily(live, liveFirst);
        String liveCurrent = hash();
        nodeA().rotate(liveFirst, liveCurrent, idleSince.plusSeconds(1), RULES);

        assertThat(nodeB().purgeExpired(now, RULES.idleTimeout())).isGreaterThanOrEqualTo(2);
        assertThat(nodeB().purgeExpired(now, RULES.idleTimeout())).isZero();

        assertThat(nodeA().rotate(endedToken, hash(), now, RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.UNKNOWN));
        assertThat(nodeA().rotate(idleToken, hash(), now, RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.UNKNOWN));
        assertThat(nodeA().rotate(liveCurrent, hash(), now, RULES))
                .as("one second short of its idle timeout: kept, with its used tokens")
                .isEqualTo(new RotationOutcome.Rotated(live.id(), "carol", live.expiresAt()));
        assertThat(nodeA().rotate(liveFirst, hash(), now, RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));
    }

    @Test
    void purgeExpiredWhenFamilyAliveThenReuseOfAnyOldTokenStillRevokesIt() {
        RefreshFamily family = family("alice");
        String a = login(family);
        String b = hash();
        String c = hash();
        nodeA().rotate(a, b, T0.plusSeconds(60), RULES);
        nodeA().rotate(b, c, T0.plusSeconds(120), RULES);

        nodeB().purgeExpired(T0.plus(Duration.ofHours(23)), RULES.idleTimeout());

        assertThat(nodeA().rotate(a, hash(), T0.plus(Duration.ofHours(23)), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));
        assertThat(nodeA().rotate(c, hash(), T0.plus(Duration.ofHours(23)), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REVOKED));
    }

    @Test
    void purgeExpiredWhenFamilyIdlePastTimeoutThenAllItsRowsGo() {
        RefreshFamily family = family("alice");
        String first = login(family);
        String second = hash();
        Instant lastUse = T0.plus(Duration.ofHours(1));
        nodeA().rotate(first, second, lastUse, RULES);

        assertThat(nodeB().purgeExpired(lastUse.plus(RULES.idleTimeout()), RULES.idleTimeout()))
                .isGreaterThanOrEqualTo(1);

        assertThat(nodeA().rotate(first, hash(), lastUse.plus(RULES.idleTimeout()), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.UNKNOWN));
        assertThat(nodeA().rotate(second, hash(), lastUse.plus(RULES.idleTimeout()), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.UNKNOWN));
    }

    @Test
    void purgeExpiredWhenFamilyRevokedThenKeptUntilItWouldHaveExpired() {
        RefreshFamily family = family("alice");
        String first = login(family);
        String second = hash();
        Instant lastUse = T0.plusSeconds(60);
        nodeA().rotate(first, second, lastUse, RULES);
        nodeA().revokeFamilyOf(second, lastUse.plusSeconds(1));

        nodeB().purgeExpired(lastUse.plus(Duration.ofHours(2)), RULES.idleTimeout());
        assertThat(nodeA().rotate(first, hash(), lastUse.plus(Duration.ofHours(2)), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));

        nodeB().purgeExpired(lastUse.plus(RULES.idleTimeout()), RULES.idleTimeout());
        assertThat(nodeA().rotate(first, hash(), lastUse.plus(RULES.idleTimeout()), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.UNKNOWN));
    }

    @Test
    void rotateWhenFamilyOverRotationLimitThenThrottledTokenStaysCurrentAndRotatesLater() {
        RefreshTokenSettings threePerMinute = RULES.withRotationLimit(3, Duration.ofMinutes(1));
        RefreshFamily family = family("alice");
        String token = login(family);
        for (int second = 1; second <= 3; second++) {
            String next = hash();
            assertThat(nodeA().rotate(token, next, T0.plusSeconds(second), threePerMinute))
                    .isInstanceOf(RotationOutcome.Rotated.class);
            token = next;
        }

        assertThat(nodeB().rotate(token, hash(), T0.plusSeconds(4), threePerMinute))
                .isEqualTo(new RotationOutcome.Throttled(Duration.ofSeconds(57)));
        assertThat(nodeA().rotate(token, hash(), T0.plusSeconds(60), threePerMinute))
                .isInstanceOf(RotationOutcome.Throttled.class);
        String later = hash();
        assertThat(nodeB().rotate(token, later, T0.plusSeconds(61), threePerMinute))
                .isInstanceOf(RotationOutcome.Rotated.class);
        String latest = hash();
        assertThat(nodeA().rotate(later, latest, T0.plusSeconds(62), threePerMinute))
                .isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(nodeA().rotate(latest, hash(), T0.plusSeconds(62), threePerMinute))
                .as("sliding window: 3 s, 61 s and 62 s are in it")
                .isEqualTo(new RotationOutcome.Throttled(Duration.ofSeconds(1)));
        assertThat(nodeA().rotate(login(family("bob")), hash(), T0.plusSeconds(62), threePerMinute))
                .as("the limit is per family")
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotateWhenThrottledTokenIsReusedAfterRotationThenFamilyStillRevoked() {
        RefreshTokenSettings onePerMinute = RULES.withRotationLimit(1, Duration.ofMinutes(1));
        String first = login(family("alice"));
        String second = hash();
        nodeA().rotate(first, second, T0.plusSeconds(1), onePerMinute);

        assertThat(nodeA().rotate(first, hash(), T0.plusSeconds(2), onePerMinute))
                .as("reuse is judged before the limit")
                .isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));
        assertThat(nodeA().rotate(second, hash(), T0.plusSeconds(120), onePerMinute))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REVOKED));
    }

    @Test
    void rotateWhenManyThreadsOnTwoNodesPresentTheSameTokenAtOnceThenExactlyOneWinsEveryRound() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACE_THREADS);
        int[] winnersPerRound = new int[RACE_ROUNDS];
        int reusedTotal = 0;
        try {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                String token = login(family("racer"));
                CyclicBarrier start = new CyclicBarrier(RACE_THREADS);
                List<Future<RotationOutcome>> attempts = new ArrayList<>();
                for (int t = 0; t < RACE_THREADS; t++) {
                    RefreshTokenStore node = t % 2 == 0 ? nodeA() : nodeB();
                    attempts.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return node.rotate(token, hash(), T0.plusSeconds(1), RULES);
                    }));
                }
                for (Future<RotationOutcome> attempt : attempts) {
                    RotationOutcome outcome = attempt.get(60, TimeUnit.SECONDS);
                    if (outcome instanceof RotationOutcome.Rotated) {
                        winnersPerRound[round]++;
                    } else {
                        assertThat(outcome).isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));
                        reusedTotal++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(winnersPerRound).containsOnly(1);
        assertThat(reusedTotal).isEqualTo(RACE_ROUNDS * (RACE_THREADS - 1));
        System.out.printf(
                "refresh race on %s: %d threads on 2 nodes, %d rounds, %d attempts, %d winners, %d reuse refusals%n",
                getClass().getSimpleName(),
                RACE_THREADS,
                RACE_ROUNDS,
                RACE_ROUNDS * RACE_THREADS,
                RACE_ROUNDS,
                reusedTotal);
    }

    /** The RFC 7638 thumbprints of two real keys: the key a family was bound to at login, and a stranger's. */
    static final String KEY = thumbprint(TestKeys.EC);

    static final String OTHER_KEY = thumbprint(TestKeys.RSA);

    private static String thumbprint(com.nimbusds.jose.jwk.JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String boundLogin(RefreshFamily unbound) {
        RefreshFamily family =
                new RefreshFamily(unbound.id(), unbound.subject(), unbound.createdAt(), unbound.expiresAt(), KEY);
        return login(family);
    }

    @Test
    void rotateWhenFamilyBoundAndSameKeyProvedThenRotatedOnEitherNode() {
        String first = boundLogin(family("alice"));
        String second = hash();

        assertThat(nodeA().rotate(first, second, KEY, T0.plusSeconds(60), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(nodeB().rotate(second, hash(), KEY, T0.plusSeconds(120), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotateWhenFamilyBoundAndOtherKeyOrNoProofThenRefusedAndTokenStillRotatesWithItsKey() {
        String first = boundLogin(family("alice"));

        assertThat(nodeA().rotate(first, hash(), OTHER_KEY, T0.plusSeconds(60), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.WRONG_DPOP_KEY));
        assertThat(nodeB().rotate(first, hash(), null, T0.plusSeconds(61), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.WRONG_DPOP_KEY));
        assertThat(nodeA().rotate(first, hash(), T0.plusSeconds(62), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.WRONG_DPOP_KEY));
        assertThat(nodeB().rotate(first, hash(), KEY, T0.plusSeconds(63), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotateWhenUsedTokenOfBoundFamilyPresentedWithoutItsKeyThenRefusedAndFamilyNotRevoked() {
        String first = boundLogin(family("alice"));
        String second = hash();
        nodeA().rotate(first, second, KEY, T0.plusSeconds(60), RULES);

        assertThat(nodeB().rotate(first, hash(), OTHER_KEY, T0.plusSeconds(61), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.WRONG_DPOP_KEY));
        assertThat(nodeA().rotate(second, hash(), KEY, T0.plusSeconds(62), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    @Test
    void rotateWhenUsedTokenOfBoundFamilyPresentedWithItsKeyThenReusedAndFamilyRevoked() {
        String first = boundLogin(family("alice"));
        String second = hash();
        nodeA().rotate(first, second, KEY, T0.plusSeconds(60), RULES);

        assertThat(nodeB().rotate(first, hash(), KEY, T0.plusSeconds(61), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REUSED));
        assertThat(nodeA().rotate(second, hash(), KEY, T0.plusSeconds(62), RULES))
                .isEqualTo(new RotationOutcome.Rejected(Reason.REVOKED));
    }

    @Test
    void rotateWhenFamilyUnboundAndProofGivenThenRotatedAndFamilyStaysUnbound() {
        String first = login(family("alice"));
        String second = hash();

        assertThat(nodeA().rotate(first, second, KEY, T0.plusSeconds(60), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
        assertThat(nodeB().rotate(second, hash(), null, T0.plusSeconds(61), RULES))
                .isInstanceOf(RotationOutcome.Rotated.class);
    }

    /** A login 10 minutes before the family started, with sub-second digits the store must not keep. */
    static final UserAuthentication LOGIN =
            new UserAuthentication(T0.minus(Duration.ofMinutes(10)).plusNanos(123_456_789), "urn:test:acr:password");

    @Test
    void rotateWhenFamilyRecordedItsLoginThenEveryRotationOnEitherNodeHandsBackTheSameAuthTimeAndAcr() {
        RefreshFamily unbound = family("alice");
        RefreshFamily family = new RefreshFamily(
                unbound.id(), unbound.subject(), unbound.createdAt(), unbound.expiresAt(), null, LOGIN);
        String first = login(family);
        String second = hash();

        RotationOutcome once = nodeA().rotate(first, second, T0.plus(Duration.ofHours(1)), RULES);
        RotationOutcome twice = nodeB().rotate(second, hash(), T0.plus(Duration.ofHours(2)), RULES);

        UserAuthentication expected = new UserAuthentication(T0.minus(Duration.ofMinutes(10)), "urn:test:acr:password");
        assertThat(once).isEqualTo(new RotationOutcome.Rotated(family.id(), "alice", family.expiresAt(), expected));
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void rotateWhenFamilyRecordedATimeButNoAcrThenAcrStaysNull() {
        RefreshFamily unbound = family("alice");
        UserAuthentication noAcr = new UserAuthentication(T0, null);
        String first = login(new RefreshFamily(
                unbound.id(), unbound.subject(), unbound.createdAt(), unbound.expiresAt(), KEY, noAcr));

        assertThat(nodeB().rotate(first, hash(), KEY, T0.plusSeconds(5), RULES))
                .isInstanceOfSatisfying(
                        RotationOutcome.Rotated.class,
                        r -> assertThat(r.authentication()).isEqualTo(noAcr));
    }

    @Test
    void rotateWhenFamilyRecordedNoLoginThenAuthenticationIsNull() {
        String first = login(family("alice"));

        assertThat(nodeA().rotate(first, hash(), T0.plusSeconds(5), RULES))
                .isInstanceOfSatisfying(
                        RotationOutcome.Rotated.class,
                        r -> assertThat(r.authentication()).isNull());
    }
}
