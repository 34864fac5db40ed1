package io.echopush.bus;

import io.echopush.support.LogText;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The bus across nodes through Redis. A publish is stored by {@link RedisTopics} (which assigns its position) on the
 * publishing thread, through a small pool of connections; one subscriber thread listens to every topic's channel and
 * hands each stored publication, this node's own included, to the {@link Delivery}, which keeps them in seq order.
 * After the subscription was lost the delivery catches up from the streams ({@link Delivery#reconnected()}).
 *
 * <p>While Redis is away {@link #append} answers null at once (the registry then delivers on this node only, under a
 * node-local epoch) and both links retry. A watch thread pings both once a second: the subscriber's read waits
 * forever, so a broker that vanished without closing the connection is noticed by a missing pong.
 */
public final class RedisBus implements TopicBus {

    static final String CHANNEL_PREFIX = RedisTopics.CHANNEL_PREFIX;
    static final int DEFAULT_PORT = 6379;

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final long KEEP_ALIVE_MILLIS = 1_000;
    private static final long SILENCE_MILLIS = 5_000;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5_000;
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final URI uri;
    private final Delivery delivery;
    private final BusObserver observer;
    private final String node = UUID.randomUUID().toString();
    private final RedisTopics topics;
    private final LinkState commands;
    private final LinkState subscription;
    private final Object pause = new Object();
    private final Object stateLock = new Object();
    private volatile boolean running;
    private volatile boolean catchUpDue; // subscribed again, but the streams could not be read yet
    // When a command last succeeded: a failure of one that started before it says nothing about the link now.
    private final AtomicLong commandsAnsweredAt = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));
    private Thread watch;
    private Thread subscriber;

    // The subscriber's connection and listener, for the watch thread's pings and for stop().
    private volatile Jedis subscribedOn;
    private volatile Listener listener;

    /** A bus to Redis at {@code uri}; each topic keeps {@code historySize} messages, {@code ttlMillis} after its last. */
    public RedisBus(URI uri, int historySize, long ttlMillis, Delivery delivery, BusObserver observer) {
        this.uri = uri;
        String where = uri.getHost() + ":" + (uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort()); // no password
        this.delivery = delivery;
        this.observer = observer;
        this.topics = new RedisTopics(uri, CONNECT_TIMEOUT, READ_TIMEOUT, node, historySize, ttlMillis);
        this.commands = new LinkState("publisher", where, observer, this::reportState);
        this.subscription = new LinkState("subscriber", where, observer, this::reportState);
        observer.connected(false);
    }

    @Override
    public Position append(Publication publication) {
        if (!running || !commands.isUp()) {
            observer.dropped(); // no wait while the broker is known to be away
            return null;
        }
        long started = System.nanoTime();
        try {
            Position position = topics.append(publication);
            commandsAnswered();
            observer.sent();
            return position;
        } catch (RuntimeException e) {
            lostCommands(e, started);
            observer.dropped();
            return null;
        }
    }

    @Override
    public Snapshot read(String topic) {
        if (!running || !commands.isUp()) {
            return null;
        }
        long started = System.nanoTime();
        try {
            Snapshot snapshot = topics.read(topic);
            commandsAnswered();
            return snapshot;
        } catch (RuntimeException e) {
            lostCommands(e, started);
            return null;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        LOG.info(() -> "Redis bus starting; this node is " + node);
        watch = thread(this::watchLoop, "echopush-bus-watch");
        subscriber = thread(this::subscribeLoop, "echopush-bus-subscriber");
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        watch.interrupt();
        closeQuietly(subscribedOn); // ends the subscriber's blocking read
        join(watch);
        join(subscriber);
        topics.close();
        observer.connected(false);
    }

    /** Whether the subscription is up now (the command connections aside). */
    boolean subscribed() {
        return subscription.isUp();
    }

    private void reportState() {
        // Both threads report: under one lock, so that the last report is the present state.
        synchronized (stateLock) {
            observer.connected(commands.isUp() && subscription.isUp());
        }
    }

    // ---- watch thread ----

    private void watchLoop() {
        while (running) {
            if (pingCommands() && catchUpDue) {
                catchUp();
            }
            pingSubscription();
            pause(KEEP_ALIVE_MILLIS);
        }
    }

    /** Answers whether the command connections are up (made again if they were not). */
    private boolean pingCommands() {
        long started = System.nanoTime();
        try {
            topics.ping();
            commandsAnswered();
            return true;
        } catch (RuntimeException e) {
            if (running) {
                lostCommands(e, started);
            }
            return commands.isUp();
        }
    }

    private void commandsAnswered() {
        commandsAnsweredAt.accumulateAndGet(System.nanoTime(), (last, now) -> now - last > 0 ? now : last);
        commands.up();
    }

    /**
     * A command begun at {@code started} failed. Its connection is gone, and so are the idle ones (likely dead too).
     * Unless a command answered since it began (a ping stuck on a connection from before an outage fails after
     * the link is back), the link is down: publishes go on under node-local epochs, and every topic catches up
     * when it is back.
     */
    private void lostCommands(RuntimeException e, long started) {
        topics.forgetIdle();
        if (commandsAnsweredAt.get() - started > 0) {
            return;
        }
        commands.down(e.toString());
        catchUpDue = true;
    }

    /** Lets each topic read what it missed from the streams; if they cannot be read now, the watch thread retries. */
    private void catchUp() {
        catchUpDue = true;
        if (!pingCommands()) {
            return;
        }
        try {
            delivery.reconnected();
            catchUpDue = !commands.isUp(); // a read that failed meanwhile left a topic behind: again
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Catching up after the subscription to Redis was made failed", e);
        }
    }

    /** Drops a subscription that stopped answering pings, so that the subscriber thread makes a new one. */
    private void pingSubscription() {
        Listener current = listener;
        Jedis connection = subscribedOn;
        if (current == null || connection == null || !current.isSubscribed()) {
            return;
        }
        if (System.nanoTime() - current.lastHeard > TimeUnit.MILLISECONDS.toNanos(SILENCE_MILLIS)) {
            lostSubscription("no answer to pings for " + SILENCE_MILLIS + " ms");
            closeQuietly(connection); // the subscriber thread's read fails, and it reconnects
            return;
        }
        try {
            current.ping();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Ping on the subscription failed", e);
        }
    }

    // ---- subscriber thread ----

    private void subscribeLoop() {
        Backoff backoff = new Backoff(FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS);
        while (running) {
            Listener current = new Listener(backoff);
            // The read timeout bounds the handshake; PSUBSCRIBE itself then reads without one (Jedis sets it).
            try (Jedis jedis = new Jedis(uri, (int) CONNECT_TIMEOUT.toMillis(), (int) READ_TIMEOUT.toMillis())) {
                subscribedOn = jedis;
                listener = current;
                if (!running) {
                    break;
                }
                jedis.psubscribe(current, CHANNEL_PREFIX + "*"); // returns when unsubscribed
                if (running) {
                    lostSubscription("the broker ended the subscription");
                }
            } catch (RuntimeException e) {
                if (running) {
                    lostSubscription(e.toString());
                }
            } finally {
                subscribedOn = null;
                listener = null;
            }
            pause(backoff.next());
        }
    }

    /**
     * The subscription is gone; the pool's idle connections most likely with it (the broker went away): they are
     * dropped now, so that the first publish after the broker is back does not fail on one of them.
     */
    private void lostSubscription(String why) {
        subscription.down(why);
        topics.forgetIdle();
    }

    /**
     * Subscribed (again): the commands are tried first, so that the bus says it is connected only when both work;
     * then whatever was stored meanwhile is read from the streams before what arrives next.
     */
    private void subscribed(Backoff backoff) {
        backoff.reset();
        pingCommands();
        subscription.up();
        catchUp();
    }

    private void receive(String channel, String message) {
        if (!channel.startsWith(CHANNEL_PREFIX)) {
            return;
        }
        String topic = channel.substring(CHANNEL_PREFIX.length());
        Stored stored;
        try {
            stored = Envelope.decodePositioned(topic, message);
        } catch (IllegalArgumentException e) {
            LOG.fine(() -> "Ignored a message on " + LogText.clip(channel) + " that is not from a node: " + e.getMessage());
            return;
        }
        try {
            delivery.deliver(stored);
            observer.received();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not deliver a message of " + LogText.clip(topic), e);
        }
    }

    /** One subscription's callbacks, on the subscriber thread. */
    private final class Listener extends JedisPubSub {

        private final Backoff backoff;
        volatile long lastHeard = System.nanoTime();

        Listener(Backoff backoff) {
            this.backoff = backoff;
        }

        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            lastHeard = System.nanoTime();
            subscribed(backoff);
        }

        @Override
        public void onPong(String pattern) {
            lastHeard = System.nanoTime();
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            lastHeard = System.nanoTime();
            receive(channel, message);
        }
    }

    // ---- both ----

    private void pause(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (pause) {
            long left;
            while (running && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pause, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Thread thread(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning(() -> thread.getName() + " did not end within " + STOP_WAIT_MILLIS + " ms");
        }
    }

    private static void closeQuietly(Jedis jedis) {
        if (jedis == null) {
            return;
        }
        try {
            jedis.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing a Redis connection failed", e);
        }
    }
}
