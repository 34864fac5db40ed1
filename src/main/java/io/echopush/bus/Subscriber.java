package io.echopush.bus;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;

/**
 * The subscriber thread: one pattern subscription to every topic's channel, made again with backoff when lost, so
 * that every stored publication, this node's own included, reaches the delivery, which keeps them in seq order.
 */
final class Subscriber implements Runnable {

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());
    private static final long SILENCE_MILLIS = 5_000;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5_000;

    private final URI uri;
    private final LinkState link;
    private final Commands commands;
    private final CatchUp catchUp;
    private final BusThreads threads;
    private final TopicBus.Delivery delivery;
    private final BusObserver observer;

    // The subscription's connection and listener, for the watch thread's pings and for stop.
    private volatile Jedis subscribedOn;
    private volatile Listener listener;

    Subscriber(URI uri, LinkState link, Commands commands, CatchUp catchUp, BusThreads threads,
            TopicBus.Delivery delivery, BusObserver observer) {
        this.uri = uri;
        this.link = link;
        this.commands = commands;
        this.catchUp = catchUp;
        this.threads = threads;
        this.delivery = delivery;
        this.observer = observer;
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS);
        while (threads.running()) {
            Listener current = new Listener(() -> subscribed(backoff), delivery, observer);
            // The read timeout bounds the handshake; PSUBSCRIBE itself then reads without one (Jedis sets it).
            try (Jedis jedis = new Jedis(uri, (int) RedisBus.CONNECT_TIMEOUT.toMillis(),
                    (int) RedisBus.READ_TIMEOUT.toMillis())) {
                subscribedOn = jedis;
                listener = current;
                if (!threads.running()) {
                    break;
                }
                jedis.psubscribe(current, RedisTopics.CHANNEL_PREFIX + "*"); // returns when unsubscribed
                if (threads.running()) {
                    lost("the broker ended the subscription");
                }
            } catch (RuntimeException e) {
                if (threads.running()) {
                    lost(e.toString());
                }
            } finally {
                subscribedOn = null;
                listener = null;
            }
            threads.pause(backoff.next());
        }
    }

    boolean isUp() {
        return link.isUp();
    }

    /** On the watch thread: pings the subscription, or drops it when pongs stopped, so that a new one is made. */
    void keepAlive() {
        Listener current = listener;
        Jedis connection = subscribedOn;
        if (current == null || connection == null || !current.isSubscribed()) {
            return;
        }
        if (current.silentNanos() > TimeUnit.MILLISECONDS.toNanos(SILENCE_MILLIS)) {
            lost("no answer to pings for " + SILENCE_MILLIS + " ms");
            close(); // the subscriber thread's read fails, and it reconnects
            return;
        }
        try {
            current.ping();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Ping on the subscription failed", e);
        }
    }

    /** Closes the subscription's connection, which ends the subscriber thread's blocking read. */
    void close() {
        Jedis connection = subscribedOn;
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing a Redis connection failed", e);
        }
    }

    /** The pool's idle connections most likely went with the subscription: dropped now, not on the next publish. */
    private void lost(String why) {
        link.down(why);
        commands.forgetIdle();
    }

    private void subscribed(Backoff backoff) {
        backoff.reset();
        // One ping, before the link says it is up: "connected" then means both links work, and the catch-up reads
        // the streams only if the commands answered (else the watch thread retries). It runs on this thread, so what
        // was stored meanwhile is delivered before what the channel brings next.
        commands.ping();
        link.up();
        catchUp.run(commands);
    }
}
