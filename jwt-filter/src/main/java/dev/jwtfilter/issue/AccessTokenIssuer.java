package dev.jwtfilter.issue;

/** Signs access tokens for authenticated users. Implementations are thread safe. */
public interface AccessTokenIssuer {

    /**
     * @param request who the token is for
     * @return the signed token
     */
    IssuedAccessToken issue(AccessTokenRequest request);
}
