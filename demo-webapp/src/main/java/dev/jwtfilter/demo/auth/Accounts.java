package dev.jwtfilter.demo.auth;

import dev.jwtfilter.demo.users.DemoIdentityStore;
import dev.jwtfilter.demo.users.UserDirectory;
import dev.jwtfilter.refresh.RefreshTokenService;

/**
 * The users and their sessions, as the auth endpoints need them.
 *
 * @param users the users
 * @param identityStore checks passwords
 * @param throttle counts failed logins
 * @param tarpit where refused logins wait for their answer
 * @param refreshTokens the refresh-token families
 */
public record Accounts(
        UserDirectory users,
        DemoIdentityStore identityStore,
        LoginThrottle throttle,
        Tarpit tarpit,
        RefreshTokenService refreshTokens) {}
