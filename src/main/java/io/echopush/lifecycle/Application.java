package io.echopush.lifecycle;

import io.echopush.config.Settings;
import io.echopush.outbound.OutboundLimits;
import io.echopush.security.OriginPolicy;
import io.echopush.session.SessionRegistry;

/**
 * What the endpoints, filters and servlets of one deployment share: settings, origin policy, sessions.
 *
 * <p>Endpoint instances are created by the container, which (without CDI, as on Tomcat) cannot inject them,
 * so they find this through a static. A static belongs to the WAR's class loader, so each deployment has
 * its own; {@link ApplicationLifecycle} starts it at deploy and stops it at undeploy.
 */
public final class Application {

    private static volatile Application current;

    private final Settings settings;
    private final OriginPolicy originPolicy;
    private final SessionRegistry sessions;

    private Application(Settings settings) {
        this.settings = settings;
        this.originPolicy = new OriginPolicy(settings.allowedOrigins(), settings.allowMissingOrigin());
        this.sessions = new SessionRegistry(new OutboundLimits(
                settings.outboundMaxMessages(), settings.outboundMaxBytes(), settings.sendTimeoutMillis()));
    }

    /**
     * The running application. On a server without a servlet context (Tyrus's standalone server in the fast
     * tests) it starts on first use from defaults, system properties and environment.
     */
    public static Application current() {
        Application app = current;
        if (app == null) {
            synchronized (Application.class) {
                if (current == null) {
                    current = new Application(Settings.fromEnvironment());
                }
                app = current;
            }
        }
        return app;
    }

    static synchronized Application start(Settings settings) {
        current = new Application(settings);
        return current;
    }

    static synchronized void stop() {
        current = null;
    }

    public Settings settings() {
        return settings;
    }

    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    public SessionRegistry sessions() {
        return sessions;
    }
}
