/**
 * Internal, not API: the servlet edge that the filter ({@code dev.jwtfilter.web.JwtAuthenticationFilter}) and the
 * Jakarta Security mechanism ({@code dev.jwtfilter.mechanism.JwtAuthenticationMechanism}) share: their one start-up
 * routine and per-request admission ({@link dev.jwtfilter.web.internal.ServletEdge}), the bearer-token resolver,
 * the request firewall, public paths and servlet annotations, and the reading of {@code web.xml} parameters. Its
 * types are public only so that both edges can use them; they may change in any release.
 */
package dev.jwtfilter.web.internal;
