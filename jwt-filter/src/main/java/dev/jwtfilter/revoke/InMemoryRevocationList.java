package dev.jwtfilter.revoke;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RevocationList} in this JVM's memory, for a single node and for tests: lost on restart and
 * invisible to other nodes (use {@link JdbcRevocationList} for those). Keyed by issuer and {@code jti}. Entries whose instant has passed
 * are dropped at the next revocation. Thread safe.
 */
public final class InMemoryRevocationList implements RevocationList {
    private final ConcurrentHashMap<RevokedId, Instant> revoked = new ConcurrentHashMap<>();
    private final Clock clock;

    /** @param clock decides when an entry may be forgotten */
    public InMemoryRevocationList(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void revoke(String issuer, String jti, Instant keepUntil) {
        RevokedId id = RevokedId.of(issuer, jti);
        Instant now = clock.instant();
        revoked.values().removeIf(until -> until.isBefore(now));
        revoked.merge(id, keepUntil, (old, added) -> added.isAfter(old) ? added : old);
    }

    @Override
    public boolean isRevoked(String issuer, String jti) {
        return revoked.containsKey(new RevokedId(issuer, jti));
    }

    /** @return how many ids are kept */
    public int size() {
        return revoked.size();
    }
}
