package dev.jwtfilter.refresh;

import java.time.Instant;

/**
 * One login's chain of refresh tokens (RFC 9700 section 4.14.2): every rotation adds a token to the same
 * family, and reuse of any used token revokes the whole family.
 *
 * @param id random family id
 * @param subject the user the family belongs to
 * @param createdAt the login time
 * @param expiresAt the absolute end of the family, whatever its activity
 */
public record RefreshFamily(String id, String subject, Instant createdAt, Instant expiresAt) {}
