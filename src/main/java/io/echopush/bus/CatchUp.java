package io.echopush.bus;

import java.util.logging.Level;
import java.util.logging.Logger;

/** What was stored while a link was down is read from the streams; owed until that read could be done. */
final class CatchUp {

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());

    private final TopicBus.Delivery delivery;
    private volatile boolean owed;

    CatchUp(TopicBus.Delivery delivery) {
        this.delivery = delivery;
    }

    void owe() {
        owed = true;
    }

    boolean owed() {
        return owed;
    }

    /** Lets each topic read what it missed if the commands are up (both callers have just pinged), else owes it. */
    void run(Commands commands) {
        owed = true;
        if (!commands.isUp()) {
            return;
        }
        try {
            delivery.reconnected();
            owed = !commands.isUp(); // a read that failed meanwhile left a topic behind: again
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Catching up after the subscription to Redis was made failed", e);
        }
    }
}
