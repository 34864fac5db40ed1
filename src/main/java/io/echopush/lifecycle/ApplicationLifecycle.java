package io.echopush.lifecycle;

import io.echopush.access.Tokens;
import io.echopush.access.TopicRules;
import io.echopush.config.Setting;
import io.echopush.config.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import java.util.logging.Logger;

/**
 * Deploy: reads the settings and sets the WebSocket limits in code, as containers' defaults differ (some unlimited).
 * Undeploy: timers and our threads stop, every open session gets 1001.
 */
public class ApplicationLifecycle implements ServletContextListener {

    /** The container's per-session binary buffer: small, as Tomcat allocates it for every idle session (D31). */
    public static final int CONTAINER_BUFFER_BYTES = 1024;

    /** The same for text, in chars; longer text arrives in parts of this size, never refused for it. */
    public static final int CONTAINER_TEXT_BUFFER_CHARS = 1024;

    private static final Logger LOG = Logger.getLogger(ApplicationLifecycle.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.load(context::getInitParameter);
        // before any thread starts: a bad rule stops the deployment with nothing to clean up
        TopicRules rules = Application.rules(settings, context::getResourceAsStream);
        Tokens tokens = Application.tokens(settings);
        Application.start(settings, Scheduler.find(), rules, tokens);

        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("This server offers no Jakarta WebSocket container");
        }
        container.setDefaultMaxTextMessageBufferSize(CONTAINER_TEXT_BUFFER_CHARS);
        container.setDefaultMaxBinaryMessageBufferSize(CONTAINER_BUFFER_BYTES);
        container.setDefaultMaxSessionIdleTimeout(settings.longs(Setting.IDLE_TIMEOUT_MILLIS));
        container.setAsyncSendTimeout(settings.longs(Setting.SEND_TIMEOUT_MILLIS));
        LOG.info(() -> started(context.getContextPath(), settings, rules, tokens));
    }

    /** The deploy log's line: every setting, a secret only as {@code (set)}, the tokens never their key. */
    static String started(String contextPath, Settings settings, TopicRules rules, Tokens tokens) {
        return "Echo & Push started at " + contextPath + " with " + settings + ", " + rules + " and " + tokens;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Application.stop();
    }
}
