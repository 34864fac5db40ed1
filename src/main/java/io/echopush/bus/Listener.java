package io.echopush.bus;

import io.echopush.support.LogText;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.JedisPubSub;

/**
 * One subscription's callbacks, on the subscriber thread: what the channel carries goes to the delivery; when the
 * broker was last heard tells the watch thread whether the subscription still lives.
 */
final class Listener extends JedisPubSub {

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());
    private static final String PREFIX = RedisTopics.CHANNEL_PREFIX;

    private final Runnable subscribed;
    private final TopicBus.Delivery delivery;
    private final BusObserver observer;
    private volatile long lastHeard = System.nanoTime();

    Listener(Runnable subscribed, TopicBus.Delivery delivery, BusObserver observer) {
        this.subscribed = subscribed;
        this.delivery = delivery;
        this.observer = observer;
    }

    long silentNanos() {
        return System.nanoTime() - lastHeard;
    }

    @Override
    public void onPSubscribe(String pattern, int subscribedChannels) {
        lastHeard = System.nanoTime();
        subscribed.run();
    }

    @Override
    public void onPong(String pattern) {
        lastHeard = System.nanoTime();
    }

    @Override
    public void onPMessage(String pattern, String channel, String message) {
        lastHeard = System.nanoTime();
        if (!channel.startsWith(PREFIX)) {
            return;
        }
        String topic = channel.substring(PREFIX.length());
        Stored stored;
        try {
            stored = Envelope.decodePositioned(topic, message);
        } catch (IllegalArgumentException e) {
            LOG.fine(() -> "Ignored a message on " + LogText.clip(channel) + " that is not from a node: "
                    + e.getMessage());
            return;
        }
        try {
            delivery.deliver(stored);
            observer.received();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not deliver a message of " + LogText.clip(topic), e);
        }
    }
}
