package io.echopush.bus;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether one of the bus's connections to the broker is up, logged on each change only: an outage is one
 * warning however many messages it costs, and its end one line.
 */
final class LinkState {

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());

    private final String role;
    private final String where;
    private final Runnable changed;
    private final BusObserver observer;
    private volatile boolean up;
    private boolean reported;
    private boolean everUp;

    LinkState(String role, String where, BusObserver observer, Runnable changed) {
        this.role = role;
        this.where = where;
        this.observer = observer;
        this.changed = changed;
    }

    boolean isUp() {
        return up;
    }

    synchronized void up() {
        if (up) {
            return;
        }
        up = true;
        if (everUp) {
            observer.reconnected();
        }
        everUp = true;
        LOG.info(() -> "Redis bus " + role + " connected to " + where);
        changed.run();
    }

    synchronized void down(String why) {
        if (!up && reported) {
            return;
        }
        up = false;
        reported = true;
        LOG.log(Level.WARNING, "Redis bus {0} {1} {2}: {3}; this node keeps serving its own subscribers and retries"
                + " with backoff", new Object[] {role, everUp ? "lost" : "cannot reach", where, why});
        changed.run();
    }
}
