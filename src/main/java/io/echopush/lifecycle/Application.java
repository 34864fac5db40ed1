package io.echopush.lifecycle;

import io.echopush.config.Setting;
import io.echopush.config.Settings;
import io.echopush.inbound.InboundRate;
import io.echopush.metrics.Metrics;
import io.echopush.outbound.OutboundLimits;
import io.echopush.security.OriginPolicy;
import io.echopush.session.ConnectionCaps;
import io.echopush.session.SessionRegistry;
import io.echopush.support.EndpointNames;
import io.echopush.topic.ClockPublisher;
import io.echopush.topic.HistoryLimits;
import io.echopush.topic.TopicRegistry;
import jakarta.websocket.CloseReason.CloseCodes;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the endpoints, filters and servlets of one deployment share: settings, origin policy, sessions,
 * topics, metrics and the threads that push.
 *
 * <p>Endpoint instances are created by the container, which (without CDI, as on Tomcat) cannot inject them,
 * so they find this through a static. A static belongs to the WAR's class loader, so each deployment has
 * its own; {@link ApplicationLifecycle} starts it at deploy and stops it at undeploy.
 */
public final class Application {

    private static final Logger LOG = Logger.getLogger(Application.class.getName());

    private static volatile Application current;

    private final Settings settings;
    private final OriginPolicy originPolicy;
    private final InboundRate.Limits inboundLimits;
    private final Metrics metrics;
    private final Scheduler scheduler;
    private final SessionRegistry sessions;
    private final TopicRegistry topics;
    private final ClockPublisher clock;
    private ScheduledFuture<?> presence;
    private ScheduledFuture<?> heartbeat;
    private boolean stopped;

    private Application(Settings settings, Scheduler scheduler) {
        this.settings = settings;
        this.originPolicy = new OriginPolicy(settings.list(Setting.ALLOWED_ORIGINS),
                settings.flag(Setting.ALLOW_MISSING_ORIGIN));
        long bytesPerSecond = settings.ints(Setting.INBOUND_BYTES_PER_SECOND);
        this.inboundLimits = new InboundRate.Limits(settings.ints(Setting.INBOUND_MESSAGES_PER_SECOND),
                settings.ints(Setting.INBOUND_MESSAGE_BURST), bytesPerSecond,
                Math.max(2 * bytesPerSecond, settings.ints(Setting.MAX_MESSAGE_BYTES)));
        this.metrics = new Metrics(settings.ints(Setting.METRICS_MAX_TOPIC_LABELS),
                EndpointNames.ALL.toArray(String[]::new));
        this.scheduler = scheduler;
        long sendTimeout = settings.longs(Setting.SEND_TIMEOUT_MILLIS);
        long unread = settings.longs(Setting.ECHO_MAX_UNREAD_BYTES);
        this.sessions = new SessionRegistry(
                new OutboundLimits(settings.ints(Setting.OUTBOUND_MAX_MESSAGES),
                        settings.longs(Setting.OUTBOUND_MAX_BYTES), sendTimeout),
                new OutboundLimits((int) Math.max(1, unread / 64), unread, sendTimeout),
                scheduler.sender(), scheduler.closer(), metrics,
                new ConnectionCaps(settings.ints(Setting.MAX_CONNECTIONS),
                        settings.ints(Setting.MAX_CONNECTIONS_PER_ADDRESS)),
                this::startTimers);
        this.topics = new TopicRegistry(settings.ints(Setting.PUSH_MAX_TOPICS),
                new HistoryLimits(settings.ints(Setting.HISTORY_SIZE),
                        TimeUnit.MILLISECONDS.toNanos(settings.longs(Setting.HISTORY_TTL_MILLIS)),
                        settings.longs(Setting.HISTORY_MAX_BYTES)),
                metrics, Clock.systemUTC(), settings.bus(), scheduler.sender());
        this.clock = new ClockPublisher(topics, Clock.systemUTC());
    }

    /**
     * The running application. On a server without a servlet context (Tyrus's standalone server in the fast
     * tests) it starts on first use from defaults, system properties and environment, with threads of its own.
     */
    public static Application current() {
        Application app = current;
        if (app == null) {
            synchronized (Application.class) {
                if (current == null) {
                    current = new Application(Settings.fromEnvironment(), Scheduler.own());
                    current.topics.bus().start();
                }
                app = current;
            }
        }
        return app;
    }

    /** The running application, or null when none is (say, after undeploy): for callbacks that must not start one. */
    public static Application runningOrNull() {
        return current;
    }

    static synchronized Application start(Settings settings, Scheduler scheduler) {
        current = new Application(settings, scheduler);
        // Its own threads (the Redis bus's), not timers: nothing here waits for the container's executor.
        current.topics.bus().start();
        return current;
    }

    /** Undeploy: timers stop, every session is closed with 1001, our own threads end. */
    static synchronized void stop() {
        Application app = current;
        current = null;
        if (app == null) {
            return;
        }
        app.stopTimers();
        app.topics.bus().stop();
        app.sessions.closeAll(CloseCodes.GOING_AWAY, "Server shutting down");
        app.scheduler.stop();
    }

    /**
     * Starts the clock, presence and heartbeat timers, when the first session opens: none has work before, and
     * GlassFish refuses to run a task for a module it has not finished deploying — and a periodic task refused
     * once never runs again. So no timer may start in {@code contextInitialized}.
     */
    private synchronized void startTimers() {
        if (stopped) {
            return;
        }
        clock.start(scheduler.timers());
        long interval = settings.longs(Setting.PUSH_PRESENCE_INTERVAL_MILLIS);
        presence = scheduler.timers().scheduleWithFixedDelay(
                this::announcePresence, interval, interval, TimeUnit.MILLISECONDS);
        long pingAfter = settings.longs(Setting.HEARTBEAT_INTERVAL_MILLIS);
        long deadPeer = settings.longs(Setting.DEAD_PEER_TIMEOUT_MILLIS);
        long shortest = Math.min(pingAfter == 0 ? Long.MAX_VALUE : pingAfter, deadPeer == 0 ? Long.MAX_VALUE : deadPeer);
        if (shortest != Long.MAX_VALUE) {
            // Rounds at a quarter of the shorter period: a dead peer is gone at most a quarter late.
            long round = Math.max(10, shortest / 4);
            heartbeat = scheduler.timers().scheduleWithFixedDelay(() -> heartbeat(pingAfter, deadPeer), round,
                    round, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stopTimers() {
        stopped = true;
        clock.stop();
        if (presence != null) {
            presence.cancel(false);
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    private void heartbeat(long pingAfterMillis, long deadPeerMillis) {
        try {
            sessions.heartbeat(TimeUnit.MILLISECONDS.toNanos(pingAfterMillis),
                    TimeUnit.MILLISECONDS.toNanos(deadPeerMillis), System.nanoTime());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Heartbeat failed", e);
        }
    }

    private void announcePresence() {
        // A scheduled task that throws is never run again.
        try {
            topics.announcePresence();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence announcement failed", e);
        }
    }

    public Settings settings() {
        return settings;
    }

    public OriginPolicy originPolicy() {
        return originPolicy;
    }

    /** A new session's allowance of incoming messages and bytes. */
    public InboundRate inboundRate() {
        return new InboundRate(inboundLimits);
    }

    public Metrics metrics() {
        return metrics;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public TopicRegistry topics() {
        return topics;
    }
}
