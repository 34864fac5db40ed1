package io.echopush.topic;

import io.echopush.protocol.PushCodec;
import io.echopush.protocol.TopicName;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The built-in topic {@code clock}: while it has subscribers, {@code {"time":"<ISO-8601>"}} every second.
 * Started on deploy, stopped on undeploy; a tick with nobody subscribed costs one map lookup.
 */
public final class ClockPublisher implements Runnable {

    public static final String TOPIC = TopicName.CLOCK;

    private static final Logger LOG = Logger.getLogger(ClockPublisher.class.getName());

    private final TopicRegistry topics;
    private final Clock clock;
    private ScheduledFuture<?> ticking;

    public ClockPublisher(TopicRegistry topics, Clock clock) {
        this.topics = topics;
        this.clock = clock;
    }

    public synchronized void start(ScheduledExecutorService scheduler) {
        if (ticking == null) {
            ticking = scheduler.scheduleAtFixedRate(this, 1, 1, TimeUnit.SECONDS);
        }
    }

    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    @Override
    public void run() {
        // A scheduled task that throws is never run again: keep the clock alive whatever happens.
        try {
            if (topics.subscribers(TOPIC) > 0) {
                String now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
                // Every node has its own clock: its ticks stay on the node (never on the bus).
                topics.publishHere(TOPIC, PushCodec.object("time", now), null);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Clock tick failed", e);
        }
    }
}
