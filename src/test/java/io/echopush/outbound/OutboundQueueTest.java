package io.echopush.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** {@link OutboundQueue} alone: its bounds, drop-oldest, latest-wins and the dropped count, with no socket. */
class OutboundQueueTest {

    private static final IntFunction<OutboundMessage> NOTICE = count -> OutboundMessage.text("dropped:" + count);

    private static OutboundMessage text(String text) {
        return OutboundMessage.text(text);
    }

    /** Takes and writes everything, as a send chain would; answers the texts in the order written. */
    private static List<String> writeAll(OutboundQueue queue) {
        List<String> written = new ArrayList<>();
        for (OutboundMessage next; (next = queue.takeNext(NOTICE)) != null; ) {
            written.add(((OutboundMessage.Text) next).text());
            queue.written(next);
        }
        return written;
    }

    @Test
    void theMessageBoundAndTheByteBoundMakeItFullALoneMessageAlwaysFits() {
        OutboundQueue queue = new OutboundQueue(new OutboundLimits(2, 10, 1_000));
        assertFalse(queue.isFullFor(text("longer than ten bytes")), "a lone message fits whatever its size");
        queue.add(Queued.published(text("012345678")));
        assertFalse(queue.isFullFor(text("9")), "limit: 10 bytes");
        assertTrue(queue.isFullFor(text("9a")), "limit + 1");
        queue.add(Queued.published(text("9")));
        assertEquals(2, queue.depth());
        assertEquals(10, queue.bytes());
        assertTrue(queue.atMessageBound());
        assertTrue(queue.isFullFor(text("")), "the message bound, whatever the size");
    }

    @Test
    void theOldestWaitingPublishedMessagesMakeRoomNeverTheOneInFlightAndTheNoticeComesFirst() {
        OutboundQueue queue = new OutboundQueue(new OutboundLimits(3, 1 << 20, 1_000));
        queue.add(Queued.published(text("m1")));
        OutboundMessage inFlight = queue.takeNext(NOTICE);
        queue.add(Queued.published(text("m2")));
        queue.add(Queued.published(text("m3")));
        assertEquals(1, queue.makeRoomFor(text("m4")));
        queue.add(Queued.published(text("m4")));
        assertEquals(3, queue.depth(), "m1 stays: it is being written");
        queue.written(inFlight);
        assertEquals(List.of("dropped:1", "m3", "m4"), writeAll(queue));
        assertEquals(0, queue.depth());
        assertEquals(0, queue.bytes());
    }

    @Test
    void repliesAndCountsAreNeverDroppedAndARefusedMessageIsCounted() {
        OutboundQueue queue = new OutboundQueue(new OutboundLimits(2, 1 << 20, 1_000));
        queue.add(Queued.reply(text("r1")));
        queue.add(Queued.latest("t", text("t:1")));
        assertEquals(0, queue.makeRoomFor(text("m1")), "nothing droppable waits");
        assertTrue(queue.isFullFor(text("m1")));
        queue.refused();
        assertEquals(List.of("dropped:1", "r1", "t:1"), writeAll(queue));
    }

    @Test
    void aNewerCountReplacesTheWaitingOneOfItsKeyOnlyAndNotTheOneInFlight() {
        OutboundQueue queue = new OutboundQueue(new OutboundLimits(5, 1 << 20, 1_000));
        queue.add(Queued.latest("t", text("t:1")));
        OutboundMessage inFlight = queue.takeNext(NOTICE);
        assertFalse(queue.replaceWaiting(Queued.latest("t", text("t:2"))), "t:1 is being written");
        queue.add(Queued.latest("t", text("t:2")));
        queue.add(Queued.latest("u", text("u:1")));
        assertTrue(queue.replaceWaiting(Queued.latest("t", text("t:333"))));
        assertEquals(3, queue.depth());
        assertEquals(3 + 5 + 3, queue.bytes(), "the replacement's bytes count, the replaced one's do not");
        queue.written(inFlight);
        assertEquals(List.of("t:333", "u:1"), writeAll(queue));
    }

    @Test
    void withoutANoticeTheDroppedCountIsNeverSent() {
        OutboundQueue queue = new OutboundQueue(new OutboundLimits(1, 1 << 20, 1_000));
        queue.add(Queued.published(text("m1")));
        assertEquals(1, queue.makeRoomFor(text("m2")));
        queue.add(Queued.published(text("m2")));
        assertEquals(OutboundMessage.text("m2"), queue.takeNext(null));
    }

    @Test
    void clearForgetsWhatWaitsAndWhatIsBeingWritten() {
        OutboundQueue queue = new OutboundQueue(new OutboundLimits(5, 1 << 20, 1_000));
        queue.add(Queued.published(text("m1")));
        queue.add(Queued.published(text("m2")));
        OutboundMessage inFlight = queue.takeNext(NOTICE);
        queue.clear();
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.bytes());
        queue.written(inFlight);
        assertNull(queue.takeNext(NOTICE));
    }
}
