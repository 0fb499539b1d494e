package dev.jwtfilter.refresh;

import dev.jwtfilter.refresh.RotationOutcome.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link RefreshTokenStore} in this JVM's memory, for tests and single-process demos: atomic through
 * one lock, lost on restart. Thread safe.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
    private final Map<String, FamilyState> families = new HashMap<>();
    private final Map<String, TokenState> tokens = new HashMap<>();

    private static final class FamilyState {
        final RefreshFamily family;
        Instant lastUsedAt;
        Instant revokedAt;
        final Deque<Instant> recentRotations = new ArrayDeque<>();

        FamilyState(RefreshFamily family) {
            this.family = family;
            this.lastUsedAt = family.createdAt();
        }
    }

    private static final class TokenState {
        final String familyId;
        Instant usedAt;

        TokenState(String familyId) {
            this.familyId = familyId;
        }
    }

    @Override
    public synchronized void createFamily(RefreshFamily family, String tokenHash) {
        families.put(family.id(), new FamilyState(family));
        tokens.put(tokenHash, new TokenState(family.id()));
    }

    @Override
    public synchronized RotationOutcome rotate(
            String presentedHash, String newHash, String proofThumbprint, Instant now, RefreshTokenSettings rules) {
        TokenState token = tokens.get(presentedHash);
        if (token == null) {
            return new RotationOutcome.Rejected(Reason.UNKNOWN);
        }
        FamilyState family = families.get(token.familyId);
        if (FamilyRules.wrongKey(family.family.dpopThumbprint(), proofThumbprint)) {
            return new RotationOutcome.Rejected(Reason.WRONG_DPOP_KEY);
        }
        if (token.usedAt != null) {
            if (family.revokedAt == null) {
                family.revokedAt = now;
            }
            return new RotationOutcome.Rejected(Reason.REUSED);
        }
        Reason refusal = FamilyRules.refusal(
                family.revokedAt, family.family.expiresAt(), family.lastUsedAt, now, rules.idleTimeout());
        if (refusal != null) {
            return new RotationOutcome.Rejected(refusal);
        }
        Duration wait = throttle(family, now, rules);
        if (wait != null) {
            return new RotationOutcome.Throttled(wait);
        }
        token.usedAt = now;
        family.lastUsedAt = now;
        family.recentRotations.addLast(now);
        tokens.put(newHash, new TokenState(token.familyId));
        RefreshFamily started = family.family;
        return new RotationOutcome.Rotated(
                token.familyId, started.subject(), started.expiresAt(), started.authentication());
    }

    private static Duration throttle(FamilyState family, Instant now, RefreshTokenSettings rules) {
        Instant windowStart = now.minus(rules.rotationWindow());
        while (!family.recentRotations.isEmpty()
                && !family.recentRotations.peekFirst().isAfter(windowStart)) {
            family.recentRotations.removeFirst();
        }
        Instant oldest = family.recentRotations.isEmpty() ? now : family.recentRotations.peekFirst();
        return FamilyRules.throttle(family.recentRotations.size() + 1, oldest, now, rules);
    }

    @Override
    public synchronized boolean revokeFamilyOf(String tokenHash, Instant now) {
        TokenState token = tokens.get(tokenHash);
        FamilyState family = token == null ? null : families.get(token.familyId);
        if (family == null || family.revokedAt != null) {
            return false;
        }
        family.revokedAt = now;
        return true;
    }

    @Override
    public synchronized int revokeAllForSubject(String subject, Instant now) {
        int revoked = 0;
        for (FamilyState family : families.values()) {
            if (family.family.subject().equals(subject) && family.revokedAt == null) {
                family.revokedAt = now;
                revoked++;
            }
        }
        return revoked;
    }

    @Override
    public synchronized int purgeExpired(Instant now, Duration idleTimeout) {
        int before = families.size();
        families.values()
                .removeIf(f -> FamilyRules.refusal(null, f.family.expiresAt(), f.lastUsedAt, now, idleTimeout) != null);
        tokens.values().removeIf(t -> !families.containsKey(t.familyId));
        return before - families.size();
    }
}
