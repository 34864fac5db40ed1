package io.echopush.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many WebSocket connections may be open at once, in total and from one remote address (0 = no cap), so that
 * one client cannot take all the server's sockets. Handshakes under way count too.
 */
public final class ConnectionCaps {

    /** Why a connection was refused; {@link #label} names it in logs and metrics. */
    public enum Refusal {
        TOTAL("total"), ADDRESS("address");

        private final String label;

        Refusal(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    public ConnectionCaps(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts a connection from {@code address} (null: unknown, in the total only) or says which cap it breaks. */
    public Refusal admit(String address) {
        if (total.incrementAndGet() > maxTotal && maxTotal > 0) {
            total.decrementAndGet();
            return Refusal.TOTAL;
        }
        if (address != null) {
            boolean[] over = new boolean[1];
            perAddress.compute(address, (a, n) -> {
                int now = n == null ? 0 : n;
                over[0] = maxPerAddress > 0 && now >= maxPerAddress;
                return over[0] ? n : now + 1;
            });
            if (over[0]) {
                total.decrementAndGet();
                return Refusal.ADDRESS;
            }
        }
        return null;
    }

    /** An admitted connection from {@code address} ended. */
    public void release(String address) {
        total.decrementAndGet();
        if (address != null) {
            // Removed at zero, so that the map holds only addresses with open connections.
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Connections counted now: all, and from {@code address}. */
    public int total() {
        return total.get();
    }

    public int from(String address) {
        return perAddress.getOrDefault(address, 0);
    }
}
