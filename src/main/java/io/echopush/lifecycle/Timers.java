package io.echopush.lifecycle;

import io.echopush.config.Setting;
import io.echopush.config.Settings;
import io.echopush.session.SessionRegistry;
import io.echopush.topic.ClockPublisher;
import io.echopush.topic.TopicRegistry;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The clock, presence and heartbeat timers: started with the first session, stopped once at undeploy. */
final class Timers {

    private static final Logger LOG = Logger.getLogger(Timers.class.getName());

    private final Scheduler scheduler;
    private final SessionRegistry sessions;
    private final TopicRegistry topics;
    private final ClockPublisher clock;
    private final long presenceMillis;
    private final long pingAfterMillis;
    private final long deadPeerMillis;
    private ScheduledFuture<?> presence;
    private ScheduledFuture<?> heartbeat;
    private boolean stopped;

    Timers(Settings settings, Scheduler scheduler, SessionRegistry sessions, TopicRegistry topics) {
        this.scheduler = scheduler;
        this.sessions = sessions;
        this.topics = topics;
        this.clock = new ClockPublisher(topics, Clock.systemUTC());
        this.presenceMillis = settings.longs(Setting.PUSH_PRESENCE_INTERVAL_MILLIS);
        this.pingAfterMillis = settings.longs(Setting.HEARTBEAT_INTERVAL_MILLIS);
        this.deadPeerMillis = settings.longs(Setting.DEAD_PEER_TIMEOUT_MILLIS);
    }

    /**
     * Not at deploy: GlassFish refuses a task for a module it has not finished deploying, and a periodic task
     * refused once never runs again.
     */
    synchronized void start() {
        if (stopped) {
            return;
        }
        clock.start(scheduler.timers());
        presence = scheduler.timers().scheduleWithFixedDelay(
                this::announcePresence, presenceMillis, presenceMillis, TimeUnit.MILLISECONDS);
        long shortest = Math.min(pingAfterMillis == 0 ? Long.MAX_VALUE : pingAfterMillis,
                deadPeerMillis == 0 ? Long.MAX_VALUE : deadPeerMillis);
        if (shortest != Long.MAX_VALUE) {
            // Rounds at a quarter of the shorter period: a dead peer is gone at most a quarter late.
            long round = Math.max(10, shortest / 4);
            heartbeat = scheduler.timers().scheduleWithFixedDelay(this::heartbeat, round, round,
                    TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        stopped = true;
        clock.stop();
        if (presence != null) {
            presence.cancel(false);
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    // A scheduled task that throws is never run again: both catch what they do not expect.

    private void heartbeat() {
        try {
            sessions.heartbeat(TimeUnit.MILLISECONDS.toNanos(pingAfterMillis),
                    TimeUnit.MILLISECONDS.toNanos(deadPeerMillis), System.nanoTime());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Heartbeat failed", e);
        }
    }

    private void announcePresence() {
        try {
            topics.announcePresence();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence announcement failed", e);
        }
    }
}
