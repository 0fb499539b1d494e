package dev.jwtfilter.refresh;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * Refresh tokens done as RFC 9700 section 4.14.2 asks: opaque 256-bit tokens stored as SHA-256 hashes,
 * rotated on every use, one family per login, reuse of a used token revoking the family, an absolute
 * lifetime and an idle timeout per family, a rotation limit per family, logout and revoke-all, and a purge
 * of dead families for the application to schedule. Thread safe; atomicity comes from the store.
 */
public final class RefreshTokenService {
    private final RefreshTokenStore store;
    private final RefreshTokenSettings settings;
    private final Clock clock;
    private final OpaqueTokens tokens;

    /**
     * @param store where families and hashes live
     * @param settings family lifetimes
     * @param clock the time source
     */
    public RefreshTokenService(RefreshTokenStore store, RefreshTokenSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.tokens = new OpaqueTokens(new SecureRandom());
    }

    /**
     * Starts a family at login.
     *
     * @param subject the user's stable id
     * @return its first refresh token
     */
    public IssuedRefreshToken startFamily(String subject) {
        return startFamily(subject, null);
    }

    /**
     * Starts a family at a login that proved a DPoP key (RFC 9449 section 5): every refresh of the family must then
     * come with a proof of the same key ({@link #rotate(String, String)}), or it is refused without spending the
     * token. The binding is fixed here, for the family's whole life.
     *
     * @param subject the user's stable id
     * @param dpopThumbprint the RFC 7638 SHA-256 thumbprint of the login's verified DPoP proof key, or {@code null}
     *     for a family bound to no key
     * @return its first refresh token
     * @throws IllegalArgumentException if the thumbprint is not a base64url SHA-256 digest
     */
    public IssuedRefreshToken startFamily(String subject, String dpopThumbprint) {
        return startFamily(subject, dpopThumbprint, null);
    }

    /**
     * Starts a family at a login, remembering how and when the user authenticated (RFC 9470): every
     * {@link RefreshResult.Rotated} of the family hands back this {@code authentication}, so that access tokens
     * issued on refresh carry the login's {@code auth_time} and {@code acr}. A refresh is not a login: issuing the
     * refresh's own time as {@code auth_time} would let any holder of a refresh token pass a maximum-age step-up
     * check without authenticating again.
     *
     * @param subject the user's stable id
     * @param dpopThumbprint the RFC 7638 SHA-256 thumbprint of the login's verified DPoP proof key, or {@code null}
     * @param authentication the login's {@code auth_time} and {@code acr}, or {@code null} to record none
     * @return its first refresh token
     * @throws IllegalArgumentException if the thumbprint is not a base64url SHA-256 digest
     */
    public IssuedRefreshToken startFamily(String subject, String dpopThumbprint, UserAuthentication authentication) {
        Instant now = clock.instant();
        RefreshFamily family = new RefreshFamily(
                tokens.next(), subject, now, now.plus(settings.absoluteLifetime()), dpopThumbprint, authentication);
        String token = tokens.next();
        store.createFamily(family, OpaqueTokens.hash(token));
        return new IssuedRefreshToken(token, family.id(), family.expiresAt());
    }

    /**
     * Uses a refresh token: its successor, a refusal, or {@link RefreshResult.Throttled} when its family has
     * already rotated {@link RefreshTokenSettings#maxRotations()} times within the rotation window (the token
     * then stays current). Never throws for anything the client sent.
     *
     * @param presented the refresh token the client sent
     * @return the successor, a refusal, or {@link RefreshResult.Throttled}
     */
    public RefreshResult rotate(String presented) {
        return rotate(presented, null);
    }

    /**
     * Uses a refresh token presented with a verified DPoP proof, or without one. A token of a family bound at login
     * is refused with {@link RotationOutcome.Reason#WRONG_DPOP_KEY} unless the proof's key is the family's; nothing
     * changes then: the token is not spent and the family not revoked (answer {@code invalid_dpop_proof}, not
     * {@code invalid_grant}: the client may retry with the right key). A family bound to no key stays unbound,
     * whatever proof comes with its refreshes.
     *
     * @param presented the refresh token the client sent
     * @param proofThumbprint the thumbprint of the request's verified DPoP proof key
     *     ({@code VerifiedDPoPProof.thumbprint()}), or {@code null} when it had none
     * @return the successor, a refusal, or {@link RefreshResult.Throttled}
     */
    public RefreshResult rotate(String presented, String proofThumbprint) {
        if (!OpaqueTokens.wellFormed(presented)) {
            return new RefreshResult.Refused(RotationOutcome.Reason.UNKNOWN);
        }
        String successor = tokens.next();
        RotationOutcome outcome = store.rotate(
                OpaqueTokens.hash(presented), OpaqueTokens.hash(successor), proofThumbprint, clock.instant(), settings);
        if (outcome instanceof RotationOutcome.Rotated rotated) {
            return new RefreshResult.Rotated(
                    rotated.subject(),
                    new IssuedRefreshToken(successor, rotated.familyId(), rotated.familyExpiresAt()),
                    rotated.authentication());
        }
        if (outcome instanceof RotationOutcome.Throttled throttled) {
            return new RefreshResult.Throttled(throttled.retryAfter());
        }
        return new RefreshResult.Refused(((RotationOutcome.Rejected) outcome).reason());
    }

    /**
     * Logout: revokes the family of a refresh token.
     *
     * @param presented the refresh token the client sent
     * @return whether a live family was revoked
     */
    public boolean revoke(String presented) {
        return OpaqueTokens.wellFormed(presented)
                && store.revokeFamilyOf(OpaqueTokens.hash(presented), clock.instant());
    }

    /**
     * Revokes every family of a user, for example after a password change.
     *
     * @param subject the user's stable id
     * @return how many
     */
    public int revokeAllForSubject(String subject) {
        return store.revokeAllForSubject(subject, clock.instant());
    }

    /**
     * Deletes every family that can no longer rotate (past its absolute lifetime or its idle timeout, revoked
     * or not) with all its tokens, and keeps every row of the others, so that reuse of any of their used
     * tokens still revokes them. Nothing calls it by itself: schedule it (hourly is plenty), or rows of
     * dead families pile up. Thread safe; safe to run on several nodes at once.
     *
     * @return how many families were deleted
     */
    public int purgeExpired() {
        return store.purgeExpired(clock.instant(), settings.idleTimeout());
    }
}
