package dev.jwtfilter.config;

import static dev.jwtfilter.config.JwtConfigParams.COOKIE;
import static dev.jwtfilter.config.JwtConfigParams.MP_PUBLIC_KEY_LOCATION;
import static dev.jwtfilter.config.JwtConfigParams.MP_TOKEN_COOKIE;
import static dev.jwtfilter.config.JwtConfigParams.MP_TOKEN_HEADER;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the MicroProfile JWT 2.1 names that are more than aliases of ours ({@link JwtConfigParams#MP_OWN})
 * with the meaning MicroProfile gives them: {@code mp.jwt.token.cookie} only with
 * {@code mp.jwt.token.header=Cookie}, and {@code mp.jwt.verify.publickey.location} as a path, class-path
 * resource or URL. Stateless.
 */
final class MicroProfileKeys {
    private static final System.Logger LOG = System.getLogger(MicroProfileKeys.class.getName());
    /** MicroProfile's default cookie name when {@code mp.jwt.token.header=Cookie} names none. */
    static final String DEFAULT_COOKIE = "Bearer";
    // Two characters at least, so that a Windows drive ("C:\keys\pub.pem") stays a path.
    private static final Pattern URL_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);

    private MicroProfileKeys() {}

    static void apply(ParamReader r, JwtConfigBuilder b) {
        r.string(MP_PUBLIC_KEY_LOCATION, location -> location(location, b));
        tokenHeader(r, b);
    }

    /** MicroProfile JWT 2.1, "JWT and HTTP headers": the cookie is read only when the header is {@code Cookie}. */
    private static void tokenHeader(ParamReader r, JwtConfigBuilder b) {
        String header = r.get(MP_TOKEN_HEADER);
        String cookie = r.get(MP_TOKEN_COOKIE);
        if (header == null || header.equalsIgnoreCase("Authorization")) {
            if (cookie != null) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        MP_TOKEN_COOKIE + " is ignored: MicroProfile JWT reads a token cookie " + "only with "
                                + MP_TOKEN_HEADER + "=Cookie (or use " + COOKIE + ")");
            }
            return;
        }
        r.string(MP_TOKEN_HEADER, value -> {
            if (!value.equalsIgnoreCase("Cookie")) {
                throw new IllegalArgumentException(
                        "'" + value + "' is not supported; use Authorization (the default) or Cookie");
            }
            if (r.get(COOKIE) == null) {
                b.cookieName(cookie == null ? DEFAULT_COOKIE : cookie);
            } else if (cookie != null) {
                throw new IllegalArgumentException(
                        "the cookie is named twice, by " + COOKIE + " and " + MP_TOKEN_COOKIE + "; keep one");
            }
        });
    }

    /** MicroProfile JWT 2.1, {@code mp.jwt.verify.publickey.location}: checked at start-up. */
    private static void location(String location, JwtConfigBuilder b) {
        var scheme = URL_SCHEME.matcher(location);
        if (!scheme.matches()) {
            JwtConfigParser.keyText(b, readPathOrResource(location));
            return;
        }
        switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
            case "https", "http" -> b.publicKeyLocation(uri(location));
            case "file" -> JwtConfigParser.keyText(b, readFile(location));
            case "classpath" ->
                JwtConfigParser.keyText(b, readResource(location.substring("classpath:".length()), location));
            default ->
                throw new IllegalArgumentException("the " + scheme.group(1) + ": scheme is not supported; use a path, "
                        + "a class-path resource, or a classpath:, file: or https: URL");
        }
    }

    /** A relative or non-URL path: the file when there is one, else the class-path resource of that name. */
    private static String readPathOrResource(String location) {
        Path path;
        try {
            path = Path.of(location);
        } catch (InvalidPathException e) {
            return readResource(location, location);
        }
        return Files.isRegularFile(path) ? readFile(location) : readResource(location, location);
    }

    private static String readFile(String location) {
        try {
            return JwtConfigParser.readFile(location);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + location, e);
        }
    }

    /** Through the web application's class loader: the filter and the mechanism are configured in its thread. */
    private static String readResource(String name, String location) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = MicroProfileKeys.class.getClassLoader();
        }
        URL resource = loader.getResource(name.startsWith("/") ? name.substring(1) : name);
        if (resource == null) {
            throw new IllegalArgumentException("no file and no class-path resource " + location);
        }
        try (InputStream in = resource.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read class-path resource " + location, e);
        }
    }

    private static URI uri(String location) {
        try {
            return new URI(location);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + location, e);
        }
    }
}
