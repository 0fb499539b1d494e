package dev.jwtfilter.demo.auth;

import dev.jwtfilter.demo.DemoTokens;
import dev.jwtfilter.demo.JwtFilterState;
import dev.jwtfilter.demo.users.DemoUser;
import dev.jwtfilter.demo.users.UserDirectory;
import dev.jwtfilter.demo.web.Json;
import dev.jwtfilter.issue.AccessTokenIssuer;
import dev.jwtfilter.issue.AccessTokenRequest;
import dev.jwtfilter.issue.IssuedAccessToken;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.proof.DPoPBinding;
import dev.jwtfilter.verify.VerifiedJwt;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /demo/expired-token}, for the demo page only: answers the caller's own access token again,
 * really signed by the demo's key but already expired, so the page can show the filter's 401
 * {@code invalid_token} and the refresh that follows. The path is not public: the filter lets only a valid
 * access token through, and the new token names the same user, so it grants nothing the caller lacks; a
 * DPoP-bound caller's copy is bound to the same key ({@code token_type: DPoP}).
 * Made by {@code DemoBootstrap}; never serialized: its parts are transient.
 */
public final class ExpiredTokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient UserDirectory users;
    private final transient DemoTokens tokens;
    private final transient JwtFilterState filter;
    private transient AccessTokenIssuer expiredIssuer;

    /**
     * @param users the users
     * @param tokens makes the expired-token issuer
     * @param filter what the JWT filter publishes when it starts
     */
    public ExpiredTokenServlet(UserDirectory users, DemoTokens tokens, JwtFilterState filter) {
        this.users = users;
        this.tokens = tokens;
        this.filter = filter;
    }

    /** Builds the issuer from the filter's configuration (filters start before servlets). */
    @Override
    public void init() {
        expiredIssuer = tokens.expiredTokenIssuer(filter.config());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerifiedJwt caller = request.getUserPrincipal() instanceof JwtPrincipal principal ? principal.getJwt() : null;
        Optional<DemoUser> user =
                caller == null ? Optional.empty() : caller.subject().flatMap(users::find);
        if (user.isEmpty()) {
            // The filter admits only valid tokens here; a user removed since then gets nothing.
            Json.error(response, 403, "access_denied", "No such user");
            return;
        }
        AccessTokenRequest copy = AccessTokenRequest.of(
                        user.get().name(), user.get().name(), user.get().groups())
                .withClientId(DemoTokens.CLIENT_ID);
        // A DPoP-bound caller gets a copy bound to the same key, so that only the expiry differs.
        Optional<String> key = DPoPBinding.boundThumbprint(caller);
        IssuedAccessToken expired =
                expiredIssuer.issue(key.map(copy::withDPoPThumbprint).orElse(copy));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", expired.token());
        body.put("token_type", expired.tokenType());
        body.put("expired_at", expired.expiresAt().getEpochSecond());
        Json.write(response, 200, body);
    }
}
