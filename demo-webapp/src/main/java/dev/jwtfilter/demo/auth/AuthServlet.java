package dev.jwtfilter.demo.auth;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.demo.DemoTokens;
import dev.jwtfilter.demo.JwtFilterState;
import dev.jwtfilter.demo.auth.AccessTokenRevocation.Result;
import dev.jwtfilter.demo.users.DemoIdentityStore.HashingBusyException;
import dev.jwtfilter.demo.users.DemoUser;
import dev.jwtfilter.demo.web.BoundedLog;
import dev.jwtfilter.demo.web.Json;
import dev.jwtfilter.issue.AccessTokenIssuer;
import dev.jwtfilter.issue.AccessTokenRequest;
import dev.jwtfilter.issue.IssuedAccessToken;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.proof.DPoPProofVerifier;
import dev.jwtfilter.refresh.IssuedRefreshToken;
import dev.jwtfilter.refresh.RefreshResult;
import dev.jwtfilter.refresh.RefreshStoreException;
import dev.jwtfilter.refresh.RotationOutcome.Reason;
import dev.jwtfilter.refresh.UserAuthentication;
import dev.jwtfilter.revoke.RevocationUnavailableException;
import dev.jwtfilter.web.JwtAuthenticationFilter;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The first-party auth endpoints: {@code POST /auth/login} (JSON or the OAuth2 password form),
 * {@code POST /auth/refresh} (rotation), {@code POST /auth/logout} and {@code POST /auth/revoke}
 * (RFC 7009). Token responses follow RFC 6749 section 5.1, errors section 5.2; a store or hashing
 * overload is 503, never a 400 or a stack trace. A browser page may keep its refresh token in the cookie of
 * {@link RefreshCookies} instead of the JSON body: login opts in, refresh and logout then read the cookie.
 * Login and refresh accept one {@code DPoP} proof (RFC 9449 section 5, {@link TokenEndpointProof}): the access token
 * is then bound to its key ({@code cnf.jkt}, {@code token_type: DPoP}), and so is the refresh-token family a login
 * starts; a refresh of a bound family needs a proof of the same key, or it is refused without spending the token.
 * A login's access token says how and when the user authenticated ({@code acr} {@link DemoTokens#PASSWORD_ACR},
 * {@code auth_time} now), and so do all the tokens its refreshes issue, with the login's values: a refresh is not a
 * new login (RFC 9470). A login accepts {@code max_age} and {@code acr_values} ({@link StepUpParameters}).
 * Made by {@code DemoBootstrap}; the access-token issuer and revocation are built in {@link #init} from the
 * configuration the filter published. Never serialized: its parts are transient.
 */
public final class AuthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(AuthServlet.class.getName());
    // Lines any client can cause by sending requests: bounded, so that a flood cannot flood the log.
    private static final BoundedLog TABLE_FULL = new BoundedLog(LOG, System.Logger.Level.WARNING);
    private static final BoundedLog REFRESH_THROTTLED = new BoundedLog(LOG, System.Logger.Level.INFO);
    private static final BoundedLog REFRESH_REFUSED = new BoundedLog(LOG, System.Logger.Level.INFO);

    private final transient Accounts accounts;
    private final transient DemoTokens tokens;
    private final transient JwtFilterState filter;
    private final transient TokenEndpointProof proofs;
    private final transient Clock loginClock;
    private transient AccessTokenIssuer issuer;
    private transient AccessTokenRevocation accessTokens;

    /**
     * @param accounts the users and their refresh tokens
     * @param tokens makes the access-token issuer
     * @param filter what the JWT filter publishes when it starts
     * @param proofVerifier checks the DPoP proofs of login and refresh requests
     */
    public AuthServlet(Accounts accounts, DemoTokens tokens, JwtFilterState filter, DPoPProofVerifier proofVerifier) {
        this(accounts, tokens, filter, proofVerifier, Clock.systemUTC());
    }

    /**
     * @param accounts the users and their refresh tokens
     * @param tokens makes the access-token issuer
     * @param filter what the JWT filter publishes when it starts
     * @param proofVerifier checks the DPoP proofs of login and refresh requests
     * @param loginClock stamps each login's {@code auth_time}; the system clock, except in tests of step-up
     */
    public AuthServlet(
            Accounts accounts,
            DemoTokens tokens,
            JwtFilterState filter,
            DPoPProofVerifier proofVerifier,
            Clock loginClock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.filter = filter;
        this.proofs = new TokenEndpointProof(proofVerifier);
        this.loginClock = loginClock;
    }

    /** Builds the issuer and the access-token revocation from the filter's configuration (filters start first). */
    @Override
    public void init() {
        JwtConfig config = filter.config();
        issuer = tokens.issuer(config);
        accessTokens = new AccessTokenRevocation(config);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            TokenRequest params = TokenRequestReader.read(request);
            switch (request.getServletPath()) {
                case "/auth/login" -> login(request, response, params);
                case "/auth/refresh" -> refresh(request, response, params);
                case "/auth/logout" -> logout(request, response, params);
                case "/auth/revoke" -> revoke(response, params);
                default -> Json.error(response, 404, "not_found", "No such endpoint");
            }
        } catch (TokenRequestReader.BodyException e) {
            if (e.bodyLeft) {
                response.setHeader("Connection", "close"); // RFC 9110 section 9.6: say so before closing
            }
            bodyProblem(response, e.problem);
        } catch (TokenEndpointProof.Refused e) {
            e.answer(response);
        } catch (HashingBusyException e) {
            accounts.tarpit().refuse(request, response, 503, "temporarily_unavailable", "Try again shortly", 1);
        } catch (RefreshStoreException | RevocationUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "Auth request refused, token store failed: {0}", e.getMessage());
            unavailable(response);
        }
    }

    private void login(HttpServletRequest request, HttpServletResponse response, TokenRequest params)
            throws IOException, TokenEndpointProof.Refused {
        if (!params.get("grant_type").map("password"::equals).orElse(true)) {
            Json.error(response, 400, "unsupported_grant_type", "Use grant_type=password");
            return;
        }
        Optional<String> username = params.get("username");
        Optional<String> password = params.get("password");
        if (username.isEmpty()
                || password.isEmpty()
                || username.get().length() > 256
                || password.get().length() > 1024) {
            Json.error(response, 400, "invalid_request", "username and password are required");
            return;
        }
        Optional<String> unmet = StepUpParameters.problem(params);
        if (unmet.isPresent()) {
            Json.error(response, 400, "invalid_request", unmet.get());
            return;
        }
        // Before the throttle and the password hash: a bad proof costs neither, and counts as no failed login.
        Optional<String> dpopKey = proofs.thumbprint(request);
        String address = request.getRemoteAddr();
        if (!reserved(request, response, username.get(), address)) {
            return;
        }
        CredentialValidationResult result = validate(username.get(), password.get(), address);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            Json.error(
                    response, 400, "invalid_grant", "Invalid username or password"); // the reservation is the failure
            return;
        }
        accounts.throttle().succeeded(username.get(), address);
        String subject = result.getCallerPrincipal().getName();
        UserAuthentication login = new UserAuthentication(loginClock.instant(), DemoTokens.PASSWORD_ACR);
        IssuedRefreshToken refresh = accounts.refreshTokens().startFamily(subject, dpopKey.orElse(null), login);
        tokenResponse(
                response,
                issue(subject, dpopKey, login),
                refresh,
                RefreshCookies.requested(request) ? Optional.of(RefreshCookies.of(request)) : Optional.empty());
    }

    /** Counts the attempt before any hashing, so concurrent attempts cannot outrun the limit; false once answered. */
    private boolean reserved(HttpServletRequest request, HttpServletResponse response, String username, String address)
            throws IOException {
        LoginThrottle.Decision decision = accounts.throttle().reserve(username, address);
        if (decision instanceof LoginThrottle.Locked locked) {
            accounts.tarpit()
                    .refuse(
                            request,
                            response,
                            429,
                            "too_many_requests",
                            "Too many failed logins; try again later",
                            Math.max(1, locked.retryAfter().toSeconds()));
            return false;
        }
        if (decision instanceof LoginThrottle.Full full) {
            TABLE_FULL.log("Login refused: the login throttle table is full");
            accounts.tarpit()
                    .refuse(
                            request,
                            response,
                            503,
                            "temporarily_unavailable",
                            "Try again shortly",
                            wholeSeconds(full.retryAfter()));
            return false;
        }
        return true;
    }

    private CredentialValidationResult validate(String username, String password, String address) {
        try {
            return accounts.identityStore().validate(new UsernamePasswordCredential(username, password));
        } catch (HashingBusyException e) {
            accounts.throttle().abandoned(username, address); // no password was checked
            throw e;
        }
    }

    private void refresh(HttpServletRequest request, HttpServletResponse response, TokenRequest params)
            throws IOException, TokenEndpointProof.Refused {
        // RFC 6749 section 6: a form must say grant_type=refresh_token; JSON may leave it out, not contradict it.
        if (!params.get("grant_type").map("refresh_token"::equals).orElse(!params.isForm())) {
            Json.error(response, 400, "unsupported_grant_type", "Use grant_type=refresh_token");
            return;
        }
        RefreshCookies cookies = RefreshCookies.of(request);
        Optional<Presented> presented = presented(request, response, params, cookies);
        if (presented.isEmpty()) {
            return;
        }
        // The answer goes into the cookie when the token came from it or the client asks: a cookie client never sees
        // one.
        Optional<RefreshCookies> answerIn = presented.get().fromCookie() || RefreshCookies.requested(request)
                ? Optional.of(cookies)
                : Optional.empty();
        Optional<String> dpopKey = proofs.thumbprint(request);
        RefreshResult result = accounts.refreshTokens().rotate(presented.get().token(), dpopKey.orElse(null));
        if (result instanceof RefreshResult.Throttled throttled) {
            // Not invalid_grant, which a client takes for "log in again": the token is still good, later.
            REFRESH_THROTTLED.log("Refresh throttled: the family is over its rotation limit");
            accounts.tarpit()
                    .refuse(
                            request,
                            response,
                            429,
                            "too_many_requests",
                            "Too many refreshes; try again later",
                            wholeSeconds(throttled.retryAfter()));
            return;
        }
        if (result instanceof RefreshResult.Refused refused && refused.reason() == Reason.WRONG_DPOP_KEY) {
            // Not invalid_grant, and the cookie stays: the token is still good with the key it is bound to.
            REFRESH_REFUSED.log("Refresh refused: " + refused.reason());
            Json.error(response, 400, "invalid_dpop_proof", "Refresh token is bound to another DPoP key");
            return;
        }
        if (result instanceof RefreshResult.Refused refused) {
            REFRESH_REFUSED.log("Refresh refused: " + refused.reason());
            invalidGrant(response, answerIn);
            return;
        }
        RefreshResult.Rotated rotated = (RefreshResult.Rotated) result;
        Optional<DemoUser> user = accounts.users().find(rotated.subject());
        if (user.isEmpty()) {
            accounts.refreshTokens().revoke(rotated.refreshToken().token());
            invalidGrant(response, answerIn);
            return;
        }
        tokenResponse(
                response,
                issue(user.get().name(), dpopKey, rotated.authentication()),
                rotated.refreshToken(),
                answerIn);
    }

    private static long wholeSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** Where a refresh or logout found its refresh token. */
    private record Presented(String token, boolean fromCookie) {
        @Override
        public String toString() {
            return "Presented[fromCookie=" + fromCookie + "]";
        }
    }

    /**
     * The refresh token of the body, else of the cookie, which counts only with the CSRF header: the browser
     * attaches the cookie to any request, the header only this page's script can add. Empty once answered.
     */
    private static Optional<Presented> presented(
            HttpServletRequest request, HttpServletResponse response, TokenRequest params, RefreshCookies cookies)
            throws IOException {
        Optional<String> inBody = params.get("refresh_token");
        if (inBody.isPresent()) {
            return Optional.of(new Presented(inBody.get(), false));
        }
        Optional<String> inCookie = cookies.token(request);
        if (inCookie.isEmpty()) {
            Json.error(response, 400, "invalid_request", "refresh_token is required");
            return Optional.empty();
        }
        if (!cookies.csrfAllows(request)) {
            Json.error(response, 403, "invalid_request", "Missing or invalid CSRF token");
            return Optional.empty();
        }
        return Optional.of(new Presented(inCookie.get(), true));
    }

    /** A dead refresh cookie is deleted with the refusal, so the page does not keep presenting it. */
    private static void invalidGrant(HttpServletResponse response, Optional<RefreshCookies> cookies)
            throws IOException {
        cookies.ifPresent(c -> c.clear(response));
        Json.error(response, 400, "invalid_grant", "Refresh token is invalid, expired or revoked");
    }

    /**
     * Ends the refresh-token family and, if the request carried a valid access token, that token too: the
     * principal the filter already made from it, so the token is verified once per request. The path is public,
     * so an invalid token reaches here without a principal and only the family ends. A token the filter could not
     * check (keys or revocation store unavailable: its outcome, which the filter leaves on the request, is a 503)
     * makes the answer 503 before anything is revoked, never a 204 that would let the caller believe the access
     * token is dead.
     */
    private void logout(HttpServletRequest request, HttpServletResponse response, TokenRequest params)
            throws IOException {
        RefreshCookies cookies = RefreshCookies.of(request);
        Optional<Presented> presented = presented(request, response, params, cookies);
        if (presented.isEmpty()) {
            return;
        }
        if (request.getAttribute(JwtAuthenticationFilter.OUTCOME_ATTRIBUTE)
                        instanceof AuthenticationOutcome.Failed failed
                && failed.error().status() == 503) {
            throw new RevocationUnavailableException("The filter could not check the access token to revoke", null);
        }
        if (request.getUserPrincipal() instanceof JwtPrincipal principal) {
            accessTokens.revoke(principal);
        }
        accounts.refreshTokens().revoke(presented.get().token());
        if (presented.get().fromCookie()) {
            cookies.clear(response);
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(204);
    }

    /**
     * RFC 7009 token revocation. The demo's clients are public, so there is no client authentication
     * (section 2.1 expects it for confidential clients): presenting a token is the proof, and the answer is
     * 200 for valid, unknown and already revoked tokens alike, so it tells a caller nothing. The
     * {@code token_type_hint} may be ignored (section 2.1): an access token (a JWT) and a refresh token
     * (43 base64url characters) cannot be mistaken for each other, so each kind is tried.
     */
    private void revoke(HttpServletResponse response, TokenRequest params) throws IOException {
        Optional<String> token = params.get("token");
        if (token.isEmpty()) {
            Json.error(response, 400, "invalid_request", "token is required");
            return;
        }
        Result access = accessTokens.revoke(token.get());
        if (access == Result.UNAVAILABLE) {
            unavailable(response);
            return;
        }
        if (access == Result.UNSUPPORTED) {
            Json.error(response, 400, "unsupported_token_type", "This access token cannot be revoked");
            return;
        }
        if (access == Result.NOT_AN_ACCESS_TOKEN) {
            accounts.refreshTokens().revoke(token.get());
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(200);
        response.setContentLength(0);
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "1");
        Json.error(response, 503, "temporarily_unavailable", "Try again shortly");
    }

    /**
     * An access token for the user, bound to the DPoP key when the request proved one (RFC 9449 section 6.1), with the
     * {@code auth_time} and {@code acr} of the login (none for a family started before logins were recorded).
     */
    private IssuedAccessToken issue(String subject, Optional<String> dpopKey, UserAuthentication login) {
        DemoUser user = accounts.users().find(subject).orElseThrow();
        AccessTokenRequest request =
                AccessTokenRequest.of(user.name(), user.name(), user.groups()).withClientId(DemoTokens.CLIENT_ID);
        if (login != null) {
            request = request.withAuthentication(login.time(), login.acr());
        }
        return issuer.issue(dpopKey.map(request::withDPoPThumbprint).orElse(request));
    }

    /** The token response; with cookies, the refresh token goes only into its cookie, never into the body. */
    private static void tokenResponse(
            HttpServletResponse response,
            IssuedAccessToken access,
            IssuedRefreshToken refresh,
            Optional<RefreshCookies> cookies)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access.token());
        body.put("token_type", access.tokenType()); // DPoP for a bound token (RFC 9449 section 5), else Bearer
        body.put("expires_in", access.expiresInSeconds());
        if (cookies.isPresent()) {
            cookies.get().set(response, refresh);
        } else {
            body.put("refresh_token", refresh.token());
        }
        Json.write(response, 200, body);
    }

    private static void bodyProblem(HttpServletResponse response, TokenRequestReader.Problem problem)
            throws IOException {
        switch (problem) {
            case UNSUPPORTED_MEDIA_TYPE ->
                Json.error(
                        response, 415, "invalid_request", "Send application/json or application/x-www-form-urlencoded");
            case TOO_LARGE -> Json.error(response, 413, "invalid_request", "Request body too large");
            default -> Json.error(response, 400, "invalid_request", "Malformed request body");
        }
    }
}
