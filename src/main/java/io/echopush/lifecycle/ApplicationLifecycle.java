package io.echopush.lifecycle;

import io.echopush.config.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import java.util.logging.Logger;

/**
 * Deploy: reads the settings and applies the WebSocket limits to the container in code, because every
 * container has other defaults (some unlimited). Undeploy: timers and own threads stop, every open session gets 1001.
 */
public class ApplicationLifecycle implements ServletContextListener {

    /**
     * The container's per-session text buffer, in characters. Small, because Tomcat allocates it up front for
     * every session as chars
     * (8 Ki chars were 16 KiB of every idle connection's 73: docs/benchmarks.md) and hands longer text over in
     * parts of this size; no container limits a text frame to it.
     */
    public static final int CONTAINER_TEXT_BUFFER_CHARS = 1024;

    private static final Logger LOG = Logger.getLogger(ApplicationLifecycle.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.load(context::getInitParameter);
        Application.start(settings, Scheduler.find());

        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("This server offers no Jakarta WebSocket container");
        }
        container.setDefaultMaxTextMessageBufferSize(CONTAINER_TEXT_BUFFER_CHARS);
        // The limit, not 1 KiB (D36): binary comes in parts, and Undertow reads each binary frame whole into this
        // buffer, from a session's first byte, before @OnOpen could raise it. Tomcat allocates it for every session.
        container.setDefaultMaxBinaryMessageBufferSize(settings.maxMessageBytes());
        container.setDefaultMaxSessionIdleTimeout(settings.idleTimeoutMillis());
        container.setAsyncSendTimeout(settings.sendTimeoutMillis());
        LOG.info(() -> "Echo & Push started at " + context.getContextPath() + " with " + settings);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Application.stop();
    }
}
