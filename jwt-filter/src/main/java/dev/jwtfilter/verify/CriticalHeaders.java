package dev.jwtfilter.verify;

import com.nimbusds.jose.JWSHeader;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.util.Set;

/**
 * The {@code crit} header rules of RFC 7515 section 4.1.11, checked before the signature: when present,
 * {@code crit} must be a non-empty array of strings, none of them a header defined by JWS or JWA, each an
 * extension this verifier understands. It understands none (not even Nimbus' {@code b64} of RFC 7797, which
 * has no use in a JWT), so a token naming any critical extension is refused. Nimbus' parser already refuses
 * a {@code crit} that is not an array of strings; these rules add what it lets through. A {@code b64} header
 * that asks for an unencoded payload is refused too: RFC 7797 allows it only under {@code crit}, and it would
 * change which bytes are signed. Stateless.
 */
final class CriticalHeaders {
    /** The extensions this verifier processes; a token that makes another one critical must be refused. */
    private static final Set<String> UNDERSTOOD = Set.of();

    private CriticalHeaders() {}

    /**
     * @param header the parsed header
     * @throws JwtVerificationException {@code invalid_token}, reason {@code malformed}, naming the broken rule
     */
    static void check(JWSHeader header) throws JwtVerificationException {
        check(header.getCriticalParams());
        if (!header.isBase64URLEncodePayload()) {
            throw refused("b64 header asks for an unencoded payload");
        }
    }

    /**
     * @param critical the parsed {@code crit} header, {@code null} when absent
     * @throws JwtVerificationException {@code invalid_token}, reason {@code malformed}, naming the broken rule
     */
    static void check(Set<String> critical) throws JwtVerificationException {
        if (critical == null) {
            return;
        }
        if (critical.isEmpty()) {
            throw refused("crit header is an empty array");
        }
        for (String name : critical) {
            if (name == null) {
                throw refused("crit header holds a value that is not a string");
            }
            if (JWSHeader.getRegisteredParameterNames().contains(name)) {
                throw refused("crit header names a header defined by JWS");
            }
            if (!UNDERSTOOD.contains(name)) {
                throw refused("crit header names an extension not understood");
            }
        }
    }

    private static JwtVerificationException refused(String detail) {
        return new JwtVerificationException(Failure.INVALID, AuthEventReason.MALFORMED, detail);
    }
}
