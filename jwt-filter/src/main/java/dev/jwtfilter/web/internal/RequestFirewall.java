package dev.jwtfilter.web.internal;

import dev.jwtfilter.config.FirewallRule;
import dev.jwtfilter.internal.LogText;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses request paths that the container and a framework routing on the raw URI could read differently,
 * before any access decision, as Spring Security's {@code StrictHttpFirewall} does. The container resolves
 * {@code ..} and decodes before the filter sees the servlet path, while Jakarta REST routes on the raw URI:
 * {@code /api/orders/1/../../health} is the public {@code /api/health} for the one and
 * {@code orders/{id}/{rest: .*}} for the other. Checks each {@link FirewallRule} not relaxed, on REQUEST
 * dispatches only: a forward, include, error or async dispatch carries paths the application chose, and
 * the request that led to it was checked when it arrived. Shared by the filter and the mechanism. Thread safe.
 */
final class RequestFirewall {
    /** Tomcat's and Jetty's URL-rewritten session id, allowed where other path parameters are not. */
    private static final Pattern SESSION_ID_PARAMETER =
            Pattern.compile(";jsessionid=[^;/]*$", Pattern.CASE_INSENSITIVE);

    private static final System.Logger LOG = System.getLogger(RequestFirewall.class.getName());

    private final Set<FirewallRule> enforced;

    /** @param allowed the rules not to enforce ({@code jwt.firewall.allow}) */
    public RequestFirewall(Set<FirewallRule> allowed) {
        EnumSet<FirewallRule> rules = EnumSet.allOf(FirewallRule.class);
        rules.removeAll(allowed);
        this.enforced = rules;
    }

    /** @return the first enforced rule the request breaks (logged at debug level), or empty to let it through */
    public Optional<FirewallRule> violation(HttpServletRequest request) {
        Optional<FirewallRule> rule = check(request);
        rule.ifPresent(broken -> LOG.log(
                System.Logger.Level.DEBUG,
                "Request path refused by firewall rule {0}: {1}",
                broken.wireName(),
                LogText.clean(request.getRequestURI())));
        return rule;
    }

    private Optional<FirewallRule> check(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return Optional.empty();
        }
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        if (uri == null) {
            return Optional.empty();
        }
        Optional<FirewallRule> raw = rawViolation(uri);
        if (raw.isPresent() || !enforced.contains(FirewallRule.NOT_NORMALIZED)) {
            return raw;
        }
        String expected = PathPatterns.pathWithinApplication(request);
        String context = contextPath == null ? "" : contextPath;
        boolean normal = normalized(uri, context, expected)
                && (request.getPathInfo() == null || startsWithServletPath(uri, context, request.getServletPath()));
        return normal ? Optional.empty() : Optional.of(FirewallRule.NOT_NORMALIZED);
    }

    /** The checks on the raw URI alone, in {@link FirewallRule} order. */
    private Optional<FirewallRule> rawViolation(String uri) {
        // Only the percent-encoded rules read the lower-cased URI: no copy for the usual path without '%'.
        String lower = uri.indexOf('%') < 0 ? uri : uri.toLowerCase(Locale.ROOT);
        for (FirewallRule rule : enforced) {
            if (breaks(rule, uri, lower)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private static boolean breaks(FirewallRule rule, String uri, String lower) {
        return switch (rule) {
            case DOT_SEGMENT -> (uri.indexOf('.') >= 0 || lower.contains("%2e")) && hasDotSegment(uri);
            case ENCODED_SLASH -> lower.contains("%2f");
            case BACKSLASH -> uri.indexOf('\\') >= 0 || lower.contains("%5c");
            case SEMICOLON -> hasPathParameter(uri) || lower.contains("%3b");
            case ENCODED_PERCENT -> lower.contains("%25");
            case ENCODED_UNRESERVED -> uri.indexOf('%') >= 0 && hasEncodedUnreserved(uri);
            case CONTROL_CHARACTER -> hasControl(uri) || hasControl(decode(uri, true));
            case NOT_NORMALIZED -> false;
        };
    }

    private static boolean hasEncodedUnreserved(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            int value = hex(uri, i);
            if (value >= 0
                    && (Character.isLetterOrDigit(value) && value < 128
                            || value == '-'
                            || value == '.'
                            || value == '_')) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPathParameter(String uri) {
        int semicolon = uri.indexOf(';');
        return semicolon >= 0
                && (semicolon != uri.lastIndexOf(';')
                        || !SESSION_ID_PARAMETER.matcher(uri).find());
    }

    private static boolean hasDotSegment(String uri) {
        for (String segment : uri.split("/", -1)) {
            int parameters = segment.indexOf(';');
            int end = parameters < 0 ? segment.length() : parameters;
            if (end == 0 || end > "%2e%2e".length()) {
                continue; // longer than the longest spelling of a dot segment: no decoding needed
            }
            String name = decode(segment.substring(0, end), true);
            if (".".equals(name) || "..".equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControl(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the raw path after the context path, without path parameters and percent-decoded, is the path
     * the container mapped; or that path's directory when the container added a welcome file to it.
     */
    private static boolean normalized(String uri, String contextPath, String expected) {
        String decoded = decode(withoutPathParameters(uri), false);
        // Tomcat returns the context path as sent, Jetty decoded: compare both decoded.
        String context = decode(withoutPathParameters(contextPath), true);
        if (decoded == null || !decoded.startsWith(context)) {
            return false;
        }
        String path = decoded.length() == context.length() ? "/" : decoded.substring(context.length());
        return path.equals(expected)
                || path.endsWith("/")
                        && expected.startsWith(path)
                        && expected.length() > path.length()
                        && !expected.substring(path.length()).contains("/");
    }

    /**
     * Under a prefix mapping Jakarta REST takes its base as context path + servlet path, decoded, and cuts the raw
     * URI at that length: the raw URI must spell the servlet path exactly, or the cut falls elsewhere.
     */
    private static boolean startsWithServletPath(String uri, String contextPath, String servletPath) {
        String raw = withoutPathParameters(uri);
        // The context ends at the slash after its segments: as many raw as decoded (an encoded slash is refused).
        int segments = 0;
        for (int i = 0; i < contextPath.length(); i++) {
            segments += contextPath.charAt(i) == '/' ? 1 : 0;
        }
        int end = -1;
        for (int n = 0; n <= segments && end < raw.length(); n++) {
            end = raw.indexOf('/', end + 1);
            end = end < 0 ? raw.length() : end;
        }
        return raw.startsWith(servletPath == null ? "" : servletPath, end);
    }

    private static String withoutPathParameters(String path) {
        if (path.indexOf(';') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (String segment : path.split("/", -1)) {
            int parameters = segment.indexOf(';');
            out.append(parameters < 0 ? segment : segment.substring(0, parameters))
                    .append('/');
        }
        return out.substring(0, out.length() - 1);
    }

    /**
     * Percent-decodes as UTF-8, never turning {@code +} into a space (that is for forms, not paths).
     *
     * @param lenient whether a malformed escape or byte sequence is kept as it is rather than refused
     * @return the decoded text, or {@code null} when it is malformed and not lenient
     */
    private static String decode(String text, boolean lenient) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int value = text.charAt(i) == '%' ? hex(text, i) : -1;
            if (value >= 0) {
                bytes.write(value);
                i += 3;
            } else if (text.charAt(i) == '%' && !lenient) {
                return null;
            } else {
                int length = Character.charCount(text.codePointAt(i));
                bytes.writeBytes(text.substring(i, i + length).getBytes(StandardCharsets.UTF_8));
                i += length;
            }
        }
        return utf8(bytes.toByteArray(), lenient);
    }

    private static int hex(String text, int percent) {
        if (percent + 2 >= text.length()) {
            return -1;
        }
        int high = hexDigit(text.charAt(percent + 1));
        int low = hexDigit(text.charAt(percent + 2));
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    /** ASCII only: {@link Character#digit} would also read full-width and other Unicode digits. */
    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static String utf8(byte[] bytes, boolean lenient) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return lenient ? new String(bytes, StandardCharsets.UTF_8) : null;
        }
    }
}
