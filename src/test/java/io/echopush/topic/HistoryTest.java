package io.echopush.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.outbound.OutboundMessage;
import io.echopush.protocol.Since;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A topic's history: its bounds at −1 / = / +1 (size, ttl, the node's bytes), and what a position can recover. */
class HistoryTest {

    private static final long TTL = 1_000;

    /** A history that kept messages 1..n, each of {@code bytes} bytes. */
    private static History kept(HistoryLimits limits, int n, int bytes) {
        History history = new History(limits, 0);
        for (int i = 0; i < n; i++) {
            long seq = history.next(0);
            history.keep(seq, OutboundMessage.text("x".repeat(bytes)));
        }
        return history;
    }

    private static List<Long> seqs(List<History.Kept> kept) {
        return kept.stream().map(History.Kept::seq).toList();
    }

    @Test
    void keepsTheNewestSizeMessages() {
        HistoryLimits limits = new HistoryLimits(3, TTL, Long.MAX_VALUE);
        assertEquals(List.of(1L, 2L), seqs(kept(limits, 2, 1).newest(10)), "size − 1");
        assertEquals(List.of(1L, 2L, 3L), seqs(kept(limits, 3, 1).newest(10)), "size");
        History plusOne = kept(limits, 4, 1);
        assertEquals(List.of(2L, 3L, 4L), seqs(plusOne.newest(10)), "size + 1: the oldest goes");
        assertEquals(4, plusOne.top());
    }

    @Test
    void aPositionIsRecoveredOnlyWhenEverythingAfterItIsKept() {
        History history = kept(new HistoryLimits(3, TTL, Long.MAX_VALUE), 5, 1); // keeps 3, 4, 5
        String epoch = history.epoch();
        assertNull(history.after(new Since(epoch, 1), 10), "4 is kept, 2 is not: not all after 1");
        assertEquals(List.of(3L, 4L, 5L), seqs(history.after(new Since(epoch, 2), 10)));
        assertEquals(List.of(4L, 5L), seqs(history.after(new Since(epoch, 3), 10)));
        assertEquals(List.of(4L), seqs(history.after(new Since(epoch, 3), 1)), "at most the limit");
        assertEquals(List.of(), seqs(history.after(new Since(epoch, 5), 10)), "at the top: nothing missed");
        assertNull(history.after(new Since(epoch, 6), 10), "ahead of the top");
        assertNull(history.after(new Since(epoch + "x", 5), 10), "another epoch");
    }

    @Test
    void withoutHistoryOnlyTheTopIsRecovered() {
        History history = kept(HistoryLimits.none(), 2, 1);
        assertEquals(List.of(), seqs(history.after(new Since(history.epoch(), 2), 10)));
        assertNull(history.after(new Since(history.epoch(), 1), 10));
    }

    @Test
    void theNodesBytesBoundDropsOldestFirst() {
        HistoryLimits limits = new HistoryLimits(100, TTL, 30);
        History history = kept(limits, 3, 10);
        assertEquals(30, limits.usedBytes(), "= the bound: all kept");
        assertEquals(List.of(1L, 2L, 3L), seqs(history.newest(10)));
        history.keep(history.next(0), OutboundMessage.text("x".repeat(9)));
        assertEquals(List.of(2L, 3L, 4L), seqs(history.newest(10)), "over it: the oldest goes");
        assertEquals(29, limits.usedBytes(), "bound − 1");
        history.clear();
        assertEquals(0, limits.usedBytes(), "all given back");
    }

    @Test
    void expiresTheTtlAfterTheLastPublish() {
        HistoryLimits limits = new HistoryLimits(10, TTL, Long.MAX_VALUE);
        History history = new History(limits, 0);
        history.keep(history.next(500), OutboundMessage.text("x"));
        assertFalse(history.expire(500 + TTL - 1), "ttl − 1");
        assertEquals(1, history.newest(10).size());
        assertTrue(history.expire(500 + TTL), "ttl");
        assertEquals(0, history.newest(10).size());
        assertEquals(0, limits.usedBytes());
        assertEquals(1, history.top(), "the position stays");
    }

    @Test
    void everyHistoryHasItsOwnEpoch() {
        assertNotEquals(new History(HistoryLimits.none(), 0).epoch(), new History(HistoryLimits.none(), 0).epoch());
    }
}
