package dev.jwtfilter.demo;

import com.nimbusds.jose.JWSAlgorithm;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jwtfilter.demo.api.DemoApplication;
import dev.jwtfilter.demo.auth.Accounts;
import dev.jwtfilter.demo.auth.AuthServlet;
import dev.jwtfilter.demo.auth.ExpiredTokenServlet;
import dev.jwtfilter.demo.auth.LoginThrottle;
import dev.jwtfilter.demo.auth.Tarpit;
import dev.jwtfilter.demo.users.DemoIdentityStore;
import dev.jwtfilter.demo.users.UserDirectory;
import dev.jwtfilter.demo.web.AuthorizationServerMetadataServlet;
import dev.jwtfilter.demo.web.JwksServlet;
import dev.jwtfilter.demo.web.MetricsServlet;
import dev.jwtfilter.issue.SigningKeyFiles;
import dev.jwtfilter.issue.SigningKeySet;
import dev.jwtfilter.micrometer.JwtFilterMetrics;
import dev.jwtfilter.proof.DPoPProofSettings;
import dev.jwtfilter.proof.DPoPProofVerifier;
import dev.jwtfilter.proof.DPoPReplayCache;
import dev.jwtfilter.proof.JdbcDPoPReplayCache;
import dev.jwtfilter.refresh.JdbcRefreshTokenStore;
import dev.jwtfilter.refresh.RefreshTokenService;
import dev.jwtfilter.refresh.RefreshTokenSettings;
import dev.jwtfilter.revoke.JdbcRevocationList;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Starts the demo before the filter initialises: signing keys (generated RS256 in the data directory,
 * a given key file, or HS256 from {@code JWT_HMAC_SECRET}), the refresh-token store (H2 in the data
 * directory, or PostgreSQL from {@code JWT_DB_URL}), the access-token revocation list in the same
 * database, the DPoP replay cache in the same database, the users, and publishes the verification keys and the
 * revocation list as the context attributes that {@code web.xml} names in {@code jwt.keys.attribute} and
 * {@code jwt.revocation.attribute}, and the replay cache as {@link #DPOP_REPLAY_CACHE_ATTRIBUTE}. It hands the filter
 * the demo's issuer and resource identifier ({@link DemoIssuer}) as the context parameters {@code jwt.issuer} and
 * {@code jwt.resource}.
 * It constructs every endpoint that needs these objects and registers it with them: plain constructor
 * arguments, no lookups. Endpoints needing the filter's configuration get a {@link JwtFilterState} and read
 * it when they start, after the filter.
 */
public final class DemoBootstrap implements ServletContextListener {
    /** The attribute named by {@code jwt.keys.attribute} in {@code web.xml}. */
    public static final String KEYS_ATTRIBUTE = "dev.jwtfilter.demo.verificationKeys";
    /** The attribute named by {@code jwt.revocation.attribute} in {@code web.xml}. */
    public static final String REVOCATIONS_ATTRIBUTE = "dev.jwtfilter.demo.revocationList";
    /**
     * The attribute holding the demo's one {@link DPoPReplayCache}: the token endpoint records the proofs of logins
     * and refreshes in it, and the resource side must record its proofs in the same one, so that a proof is
     * accepted once across both (RFC 9449 section 11.1). It lives in the refresh-token database, so every node
     * sharing that database shares it too.
     */
    public static final String DPOP_REPLAY_CACHE_ATTRIBUTE = "dev.jwtfilter.demo.dpopReplayCache";
    /**
     * For tests only: a {@link Clock} that stamps each login's {@code auth_time} instead of the system clock, so that a
     * test of step-up (RFC 9470) can make a login look minutes old without waiting. Only code in the server's own
     * process can set a context attribute before the application starts (no request, setting or file can), and the
     * launcher never does; when set, start-up logs a warning.
     */
    public static final String LOGIN_CLOCK_ATTRIBUTE = "dev.jwtfilter.demo.loginClock";

    private static final System.Logger LOG = System.getLogger(DemoBootstrap.class.getName());

    private AutoCloseable storeResource;
    private RefreshPurgeSchedule purge;
    private Tarpit tarpit;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        DemoSettings settings = DemoSettings.from(context);
        DemoIssuer issuer = DemoIssuer.from(settings, context.getContextPath());
        issuer.publishTo(context);
        // The filter counts its events for /metrics. A jwt.events.listener set elsewhere wins: it must name this class
        // too, or the metrics servlet stops the start naming it.
        context.setInitParameter("jwt.events.listener", JwtFilterMetrics.class.getName());
        JdbcRefreshTokenStore store = store(settings); // first: an H2 store creates the data directory 0700
        SigningKeySet keys = signingKeys(settings);
        RefreshTokenService refresh = new RefreshTokenService(store, refreshSettings(settings), Clock.systemUTC());
        Accounts accounts = accounts(settings, context, refresh);
        context.setAttribute(KEYS_ATTRIBUTE, keys.verificationKeys());
        // Same database as the refresh tokens, so every node sharing it sees every logout.
        context.setAttribute(REVOCATIONS_ATTRIBUTE, new JdbcRevocationList(store.dataSource(), Clock.systemUTC()));
        DPoPReplayCache replayCache = new JdbcDPoPReplayCache(store.dataSource());
        context.setAttribute(DPOP_REPLAY_CACHE_ATTRIBUTE, replayCache);
        DPoPProofVerifier proofs = DPoPProofVerifier.of(
                DPoPProofSettings.builder().replayCache(replayCache).build());
        addEndpoints(
                context,
                accounts,
                new DemoTokens(keys, settings.duration(DemoSettings.ACCESS_TTL, Duration.ofMinutes(15))),
                proofs,
                loginClock(context));
        addDiscovery(context, issuer, proofs);
        // Last, so that a start that fails above leaves no thread behind.
        purge = new RefreshPurgeSchedule(
                refresh, settings.duration(DemoSettings.REFRESH_PURGE_INTERVAL, Duration.ofHours(1)));
        LOG.log(
                System.Logger.Level.INFO,
                "jwt-demo started: signing with {0} (kid {1})",
                keys.algorithm(),
                keys.activeKey().getKeyID());
    }

    private Accounts accounts(DemoSettings settings, ServletContext context, RefreshTokenService refresh) {
        UserDirectory users = users(settings, context);
        LoginThrottle throttle = new LoginThrottle(
                settings.integer(DemoSettings.MAX_FAILURES_PER_USER, 5),
                settings.integer(DemoSettings.MAX_FAILURES_PER_ADDRESS, 20),
                settings.duration(DemoSettings.LOCKOUT, Duration.ofMinutes(15)),
                Clock.systemUTC());
        tarpit = new Tarpit();
        return new Accounts(
                users,
                new DemoIdentityStore(users, settings.decimal(DemoSettings.HASH_CPU, 0.25)),
                throttle,
                tarpit,
                refresh);
    }

    /** The clock of {@link #LOGIN_CLOCK_ATTRIBUTE} if a test set one, else the system clock. */
    private static Clock loginClock(ServletContext context) {
        Object clock = context.getAttribute(LOGIN_CLOCK_ATTRIBUTE);
        if (clock == null) {
            return Clock.systemUTC();
        }
        if (!(clock instanceof Clock set)) {
            throw new IllegalStateException(LOGIN_CLOCK_ATTRIBUTE + " must hold a java.time.Clock");
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "Logins are stamped by a test clock ({0}): for tests only",
                LOGIN_CLOCK_ATTRIBUTE);
        return set;
    }

    /** The endpoints built on the demo's objects; the others, which need none, are declared in {@code web.xml}. */
    private static void addEndpoints(
            ServletContext context, Accounts accounts, DemoTokens tokens, DPoPProofVerifier proofs, Clock loginClock) {
        JwtFilterState filter = new JwtFilterState(context);
        add(
                        context,
                        "auth",
                        new AuthServlet(accounts, tokens, filter, proofs, loginClock),
                        "/auth/login",
                        "/auth/refresh",
                        "/auth/logout",
                        "/auth/revoke")
                .setAsyncSupported(true); // refused logins are answered a second later without holding a thread
        add(context, "expired-token", new ExpiredTokenServlet(accounts.users(), tokens, filter), "/demo/expired-token");
        add(context, "jwks", new JwksServlet(tokens.signingKeys()), "/.well-known/jwks.json");
        add(context, "metrics", new MetricsServlet(filter), "/metrics").setLoadOnStartup(1); // binds before requests
        add(context, "api", new ServletContainer(new DemoApplication(filter, tokens.signingKeys())), "/api/*")
                .setLoadOnStartup(1);
    }

    /** RFC 8414 authorization server metadata, naming the endpoints above under the issuer. */
    private static void addDiscovery(ServletContext context, DemoIssuer issuer, DPoPProofVerifier proofs) {
        List<String> algorithms = proofs.settings().algorithms().stream()
                .map(JWSAlgorithm::getName)
                .toList();
        add(
                        context,
                        "authorization-server-metadata",
                        new AuthorizationServerMetadataServlet(issuer, new JwtFilterState(context), algorithms),
                        issuer.metadataPath())
                .setLoadOnStartup(1); // its check of the filter's issuer fails the start, not a first request
    }

    private static ServletRegistration.Dynamic add(
            ServletContext context, String name, Servlet servlet, String... paths) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        Set<String> taken = registration.addMapping(paths);
        if (!taken.isEmpty()) {
            throw new IllegalStateException("Servlet " + name + " cannot be mapped: " + taken + " already taken");
        }
        return registration;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (tarpit != null) {
            tarpit.close();
        }
        if (purge != null) {
            purge.close(); // before the store closes under it
        }
        if (storeResource != null) {
            try {
                storeResource.close();
            } catch (Exception e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Refresh token store did not close cleanly: {0}",
                        e.getClass().getSimpleName());
            }
        }
    }

    private static RefreshTokenSettings refreshSettings(DemoSettings settings) {
        return new RefreshTokenSettings(
                settings.duration(DemoSettings.REFRESH_TTL, Duration.ofDays(14)),
                settings.duration(DemoSettings.REFRESH_IDLE, Duration.ofHours(24)),
                settings.integer(DemoSettings.REFRESH_MAX_PER_MINUTE, RefreshTokenSettings.DEFAULT_MAX_ROTATIONS),
                Duration.ofMinutes(1));
    }

    private static SigningKeySet signingKeys(DemoSettings settings) {
        String secret = settings.get(DemoSettings.HMAC_SECRET).orElse(null);
        if (secret != null) {
            return SigningKeySet.hmac(secret.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256);
        }
        String keyFile = settings.get(DemoSettings.SIGNING_KEY_FILE).orElse(null);
        if (keyFile != null) {
            return SigningKeyFiles.load(Path.of(keyFile));
        }
        JWSAlgorithm algorithm = JWSAlgorithm.parse(settings.get(DemoSettings.SIGNING_ALGORITHM, "RS256"));
        return SigningKeyFiles.loadOrCreate(settings.dataDirectory().resolve("signing-keys.json"), algorithm);
    }

    private JdbcRefreshTokenStore store(DemoSettings settings) {
        String url = settings.get(DemoSettings.DB_URL).orElse(null);
        JdbcRefreshTokenStore store;
        if (url == null) {
            store = JdbcRefreshTokenStore.h2File(settings.dataDirectory());
            storeResource = store;
        } else {
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(url);
            if (url.startsWith("jdbc:postgresql:")) {
                // By class name: DriverManager may not see drivers in WEB-INF/lib after a redeploy.
                pool.setDriverClassName("org.postgresql.Driver");
            }
            settings.get(DemoSettings.DB_USER).ifPresent(pool::setUsername);
            settings.get(DemoSettings.DB_PASSWORD).ifPresent(pool::setPassword);
            pool.setMaximumPoolSize(10);
            // Hikari waits 30 s for a connection by default: during a database outage every auth request would
            // hold a container thread that long before its 503. Two seconds still rides out a brief blip.
            pool.setConnectionTimeout(2_000);
            pool.setPoolName("jwt-demo-refresh-tokens");
            HikariDataSource dataSource = new HikariDataSource(pool);
            storeResource = dataSource;
            store = new JdbcRefreshTokenStore(dataSource);
        }
        return store;
    }

    private static UserDirectory users(DemoSettings settings, ServletContext context) {
        String file = settings.get(DemoSettings.USERS_FILE).orElse(null);
        try (Reader reader = file != null
                ? Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)
                : new InputStreamReader(builtInUsers(context), StandardCharsets.UTF_8)) {
            return UserDirectory.parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the users file", e);
        }
    }

    private static InputStream builtInUsers(ServletContext context) {
        InputStream in = context.getResourceAsStream("/WEB-INF/demo-users.txt");
        if (in == null) {
            throw new IllegalStateException("/WEB-INF/demo-users.txt is missing from the WAR");
        }
        return in;
    }
}
