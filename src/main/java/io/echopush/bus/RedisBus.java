package io.echopush.bus;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.support.LogText;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The bus across nodes through Redis pub/sub. What this node published (and delivered here already: the topic
 * registry's job) is queued, bounded and never waiting, for the broker; one publisher thread sends the queue to
 * the channel {@code echopush:topic:<topic>}. One subscriber thread listens to {@code echopush:topic:*} and
 * delivers what other nodes sent; its own messages coming back are skipped, as they were delivered here already.
 *
 * <p>While the broker is away both threads retry with backoff, messages for it are dropped and counted, and
 * local delivery goes on. The publisher thread also pings both connections once a second: the subscriber's
 * read waits forever, so a broker that vanished without closing the connection is noticed by a missing pong.
 */
public final class RedisBus implements TopicBus {

    static final String CHANNEL_PREFIX = "echopush:topic:";
    static final int DEFAULT_PORT = 6379;

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());

    private static final int QUEUE_CAPACITY = 10_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 2_000;
    private static final long KEEP_ALIVE_MILLIS = 1_000;
    private static final long SILENCE_MILLIS = 5_000;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5_000;
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final URI uri;
    private final String where;
    private final Delivery delivery;
    private final BusObserver observer;
    private final String node = UUID.randomUUID().toString();
    private final BlockingQueue<Outgoing> outgoing = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Origins origins = new Origins();
    private final LinkState publishing;
    private final LinkState subscription;
    private final Object pause = new Object();
    private final Object stateLock = new Object();
    private final AtomicBoolean queueFull = new AtomicBoolean();
    private volatile boolean running;
    private Thread publisher;
    private Thread subscriber;

    // The subscriber's connection and listener, for the publisher's pings and for stop().
    private volatile Jedis subscribedOn;
    private volatile Listener listener;

    // The publisher thread's own.
    private Jedis publishOn;
    private long retryAt;
    private long number;

    private record Outgoing(String topic, JsonNode data, String from) {
    }

    public RedisBus(URI uri, Delivery delivery, BusObserver observer) {
        this.uri = uri;
        this.where = uri.getHost() + ":" + (uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort()); // never the password
        this.delivery = delivery;
        this.observer = observer;
        this.publishing = new LinkState("publisher", where, observer, this::reportState);
        this.subscription = new LinkState("subscriber", where, observer, this::reportState);
        observer.connected(false);
    }

    @Override
    public void share(String topic, JsonNode data, String from) {
        if (running && !outgoing.offer(new Outgoing(topic, data, from))) {
            observer.dropped();
            if (queueFull.compareAndSet(false, true)) {
                LOG.warning(() -> "Redis bus: the outgoing queue is full (" + QUEUE_CAPACITY
                        + " messages); messages for other nodes are dropped until it drains");
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        LOG.info(() -> "Redis bus to " + where + " starting; this node is " + node);
        publisher = thread(this::publishLoop, "echopush-bus-publisher");
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
        publisher.interrupt();
        closeQuietly(subscribedOn); // ends the subscriber's blocking read
        join(publisher);
        join(subscriber);
        observer.connected(false);
    }

    /** This node's id on the bus (random per start), as other nodes see it in envelopes. */
    public String node() {
        return node;
    }

    /** Whether the subscription is up now (the publisher's connection aside). */
    boolean subscribed() {
        return subscription.isUp();
    }

    private void reportState() {
        // Both threads report: under one lock, so that the last report is the present state.
        synchronized (stateLock) {
            observer.connected(publishing.isUp() && subscription.isUp());
        }
    }

    // ---- publisher thread ----

    private void publishLoop() {
        Backoff backoff = new Backoff(FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS);
        publisherConnection(backoff);
        long keepAliveAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MILLIS);
        while (running) {
            Outgoing next;
            try {
                next = outgoing.poll(KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (!running) {
                break;
            }
            if (next != null) {
                send(next, backoff);
            } else {
                queueFull.set(false); // drained: a full queue is worth a warning again
            }
            if (System.nanoTime() - keepAliveAt >= 0) {
                keepAlive(backoff);
                keepAliveAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MILLIS);
            }
        }
        closeQuietly(publishOn);
        publishOn = null;
    }

    /** Sends one message; a connection found broken is made again and the message tried once more. */
    private void send(Outgoing message, Backoff backoff) {
        // Numbered here, on the one publisher thread, so that the numbers leave in order.
        String envelope = new Envelope(node, ++number, message.from(), message.data()).encode();
        String channel = CHANNEL_PREFIX + message.topic();
        for (int attempt = 0; attempt < 2; attempt++) {
            Jedis jedis = publisherConnection(backoff);
            if (jedis == null) {
                break;
            }
            try {
                jedis.publish(channel, envelope);
                observer.sent();
                return;
            } catch (RuntimeException e) {
                // A second copy, should the first have left after all, is dropped by the receivers' numbering.
                lostPublisher(e);
            }
        }
        observer.dropped();
    }

    /** The publisher's connection, made now if there is none and the backoff allows; null while the broker is away. */
    private Jedis publisherConnection(Backoff backoff) {
        if (publishOn != null) {
            return publishOn;
        }
        if (System.nanoTime() - retryAt < 0) {
            return null;
        }
        Jedis jedis = null;
        try {
            jedis = new Jedis(uri, CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS);
            jedis.ping();
            publishOn = jedis;
            backoff.reset();
            publishing.up();
            return jedis;
        } catch (RuntimeException e) {
            closeQuietly(jedis);
            retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.next());
            publishing.down(e.toString());
            return null;
        }
    }

    private void lostPublisher(RuntimeException e) {
        closeQuietly(publishOn);
        publishOn = null;
        retryAt = System.nanoTime(); // one attempt at once; the backoff starts if that fails
        publishing.down(e.toString());
    }

    /** Once a second: pings both connections, makes the publisher's again if due, and drops a silent subscription. */
    private void keepAlive(Backoff backoff) {
        if (publishOn != null) {
            try {
                publishOn.ping();
            } catch (RuntimeException e) {
                lostPublisher(e);
            }
        }
        publisherConnection(backoff);
        Listener current = listener;
        Jedis connection = subscribedOn;
        if (current == null || connection == null || !current.isSubscribed()) {
            return;
        }
        if (System.nanoTime() - current.lastHeard > TimeUnit.MILLISECONDS.toNanos(SILENCE_MILLIS)) {
            subscription.down("no answer to pings for " + SILENCE_MILLIS + " ms");
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
            try (Jedis jedis = new Jedis(uri, CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS)) {
                subscribedOn = jedis;
                listener = current;
                if (!running) {
                    break;
                }
                jedis.psubscribe(current, CHANNEL_PREFIX + "*"); // returns when unsubscribed
                if (running) {
                    subscription.down("the broker ended the subscription");
                }
            } catch (RuntimeException e) {
                if (running) {
                    subscription.down(e.toString());
                }
            } finally {
                subscribedOn = null;
                listener = null;
            }
            pause(backoff.next());
        }
    }

    private void receive(String channel, String message) {
        if (!channel.startsWith(CHANNEL_PREFIX)) {
            return;
        }
        String topic = channel.substring(CHANNEL_PREFIX.length());
        Envelope envelope;
        try {
            envelope = Envelope.decode(message);
        } catch (IllegalArgumentException e) {
            LOG.fine(() -> "Ignored a message on " + LogText.clip(channel) + " that is not from a node: " + e.getMessage());
            return;
        }
        if (envelope.node().equals(node)) {
            return; // ours, delivered here when it was published
        }
        Origins.Verdict verdict = origins.accept(envelope.node(), envelope.number());
        if (verdict.missed() > 0) {
            observer.missed(verdict.missed());
        }
        if (!verdict.deliver()) {
            return;
        }
        try {
            delivery.deliver(topic, envelope.data(), envelope.from());
            observer.received();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not deliver a message of " + LogText.clip(topic) + " from node "
                    + LogText.clip(envelope.node()), e);
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
            backoff.reset();
            subscription.up();
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
