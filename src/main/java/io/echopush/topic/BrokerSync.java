package io.echopush.topic;

import io.echopush.bus.Position;
import io.echopush.bus.Snapshot;
import io.echopush.bus.Stored;
import io.echopush.outbound.SendStarts;
import java.util.function.BiConsumer;

/**
 * One topic's copy of the broker's: its messages applied in seq order, once, and catch-ups from the broker's
 * history (D34). Guarded by its topic's lock.
 */
final class BrokerSync {

    private final History history;
    private final Order order = new Order();
    /** Keeps a message and offers it to the topic's subscribers (to none when the starts are null). */
    private final BiConsumer<Stored, SendStarts> deliver;

    BrokerSync(History history, BiConsumer<Stored, SendStarts> deliver) {
        this.history = history;
        this.deliver = deliver;
    }

    /** A message stored by the broker, with its position: delivered in seq order, once (see {@link Order}). */
    Order.Outcome accept(Stored stored, long nowNanos, SendStarts starts) {
        Order.Outcome outcome = order.place(stored, history);
        if (outcome == Order.Outcome.NEXT) {
            history.advance(stored.position().seq(), nowNanos);
            deliver.accept(stored, starts);
            releaseHeld(nowNanos, starts);
        }
        return outcome;
    }

    /**
     * Makes the copy the broker's {@code snapshot}, delivering in order what subscribers have not had; answers how
     * many messages that was, and how many positions were skipped (no longer kept by the broker).
     */
    CatchUp catchUp(Snapshot snapshot, long nowNanos, SendStarts starts) {
        Position top = snapshot.top();
        boolean same = history.shared() && history.epoch().equals(top.epoch());
        Position before = history.leftBroker();
        long delivered = same ? history.top()
                : before != null && before.epoch().equals(top.epoch()) ? Math.min(before.seq(), top.seq()) : 0;
        if (!same) {
            history.restart(top.epoch(), 0, true);
        }
        long last = delivered; // subscribers have had everything up to here
        int recovered = 0;
        for (Stored stored : snapshot.kept()) {
            long seq = stored.position().seq();
            if (seq <= history.top()) {
                continue; // this copy has it
            }
            history.advance(seq, nowNanos);
            boolean fresh = seq > last;
            deliver.accept(stored, fresh ? starts : null);
            if (fresh) {
                recovered++;
                last = seq;
            }
        }
        if (top.seq() > history.top()) {
            history.advance(top.seq(), nowNanos); // history off, or trimmed meanwhile: a gap subscribers can see
        }
        long missed = Math.max(0, top.seq() - delivered - recovered);
        order.forgetUpTo(history);
        releaseHeld(nowNanos, starts);
        return new CatchUp(recovered, missed);
    }

    /** Delivers the held messages that are next now, in order. */
    private void releaseHeld(long nowNanos, SendStarts starts) {
        for (Stored next; (next = order.takeNext(history)) != null; ) {
            history.advance(next.position().seq(), nowNanos);
            deliver.accept(next, starts);
        }
    }
}
