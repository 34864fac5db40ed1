package io.echopush.lifecycle;

import io.echopush.config.Setting;
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
     * Size of the container's own per-session binary read buffer, small because Tomcat allocates it for every
     * session as it opens (8 KiB were 7 KiB too many of every idle connection's 58: docs/benchmarks.md). Each
     * endpoint session raises its own to the limit in {@code @OnOpen}
     * ({@link io.echopush.inbound.MessageAssembler#forSession}); Tomcat allocates that only when the session's
     * first binary message arrives. Echo takes binary whole, so no container holds its frames to this size (D31).
     */
    public static final int CONTAINER_BUFFER_BYTES = 1024;

    /**
     * The same for text, in characters. Small, because Tomcat allocates it up front for every session as chars
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
        container.setDefaultMaxBinaryMessageBufferSize(CONTAINER_BUFFER_BYTES);
        container.setDefaultMaxSessionIdleTimeout(settings.longs(Setting.IDLE_TIMEOUT_MILLIS));
        container.setAsyncSendTimeout(settings.longs(Setting.SEND_TIMEOUT_MILLIS));
        LOG.info(() -> "Echo & Push started at " + context.getContextPath() + " with " + settings);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Application.stop();
    }
}
