package dev.jwtfilter.config;

import java.util.Arrays;
import java.util.Locale;

/**
 * The checks the request firewall makes on the raw request path before any access decision, each named as
 * in {@code jwt.firewall.allow}. All are on by default: a request that breaks one is refused with 400,
 * because the container (which resolves {@code ..} and decodes before the filter sees the path) and a
 * framework that routes on the raw URI (Jakarta REST) would otherwise see two different paths.
 */
public enum FirewallRule {
    /** A {@code .} or {@code ..} segment, raw or percent-encoded in any case, also with a path parameter ({@code ..;x}). */
    DOT_SEGMENT,
    /** An encoded slash, {@code %2F} in any case. */
    ENCODED_SLASH,
    /** A backslash, raw or {@code %5C}. */
    BACKSLASH,
    /** A {@code ;} path parameter, raw or {@code %3B}, other than one {@code ;jsessionid=} ending the path (URL-rewritten sessions). */
    SEMICOLON,
    /** An encoded percent, {@code %25}: a path that is decoded twice would read differently. */
    ENCODED_PERCENT,
    /**
     * A letter, digit, {@code -}, {@code .} or {@code _} written percent-encoded ({@code %61} for {@code a}): no
     * client needs to (RFC 3986 section 2.3), the container decodes it before the access decision, but Jakarta
     * REST matches literal segments on the encoded path, so {@code /api/%70ublic/x} is public {@code /api/public/x}
     * for the filter and a {@code {segment}} template for Jersey; encoded before the servlet path, it also shifts
     * where Jersey thinks the application's path starts.
     */
    ENCODED_UNRESERVED,
    /** A control character (NUL, CR, LF and the other ISO controls, U+2028, U+2029), raw or percent-encoded. */
    CONTROL_CHARACTER,
    /**
     * A raw path (the request URI after the context path, path parameters removed, percent-decoded as UTF-8)
     * that is not the servlet path plus path info, such as {@code //} merged by the container; and, under a
     * prefix mapping such as {@code /api/*}, a raw path that does not begin with the servlet path as written.
     */
    NOT_NORMALIZED;

    private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** @return the name used in {@code jwt.firewall.allow}, such as {@code encoded-slash} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param name the rule's wire name
     * @return the rule of this name ({@link #wireName()}, case-insensitive)
     * @throws IllegalArgumentException listing the known names
     */
    public static FirewallRule fromWireName(String name) {
        return Arrays.stream(values())
                .filter(rule -> rule.wireName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown rule '" + name + "', expected some of "
                        + Arrays.stream(values()).map(FirewallRule::wireName).toList()));
    }
}
