package io.echopush.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason.CloseCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionSender#offer}, {@link SessionSender#reply} and {@link SessionSender#offerLatest}: the push policy —
 * never wait, drop the oldest published message (never a reply or a count; a newer count replaces a waiting one),
 * say how many, close a stuck client.
 */
class DropOldestPolicyTest {

    private final FakeSession fake = new FakeSession(false);
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger droppedSeen = new AtomicInteger();
    private final AtomicInteger deepest = new AtomicInteger();
    private final List<Runnable> tasks = new ArrayList<>();

    private final OutboundObserver observer = new OutboundObserver() {
        @Override
        public void dropped(int count) {
            droppedSeen.addAndGet(count);
        }

        @Override
        public void queueDepth(int depth) {
            deepest.accumulateAndGet(depth, Math::max);
        }
    };

    private SessionSender sender(int maxMessages, long maxBytes, Executor executor) {
        return new SessionSender(fake.session(), new OutboundLimits(maxMessages, maxBytes, 1_000), executor,
                executor, observer, count -> OutboundMessage.text("dropped:" + count), now::get);
    }

    @Test
    void theCallerNeverTouchesTheSocket() {
        SessionSender sender = sender(3, 1 << 20, tasks::add);
        assertTrue(sender.offer(OutboundMessage.text("m1")));
        assertTrue(fake.sent().isEmpty(), "nothing written on the caller's thread");
        assertEquals(1, tasks.size(), "the send chain is handed to the executor");
        tasks.remove(0).run();
        assertEquals(List.of("m1"), fake.sent());
    }

    @Test
    void aFullQueueDropsItsOldestWaitingMessagesAndTheClientHearsHowManyWhereTheGapIs() throws Exception {
        SessionSender sender = sender(3, 1 << 20, Runnable::run);
        for (int i = 1; i <= 5; i++) {
            assertTrue(sender.offer(OutboundMessage.text("m" + i)));
        }
        // m1 is being written and stays; m2 and m3 made room for m4 and m5.
        assertEquals(3, sender.depth());
        assertEquals(2, droppedSeen.get());
        for (int i = 0; i < 4; i++) {
            fake.complete(fake.nextSend());
        }
        assertEquals(List.of("m1", "dropped:2", "m4", "m5"), fake.sent());
        assertEquals(3, deepest.get(), "the queue never held more than its bound");
        assertTrue(fake.closes().isEmpty());
    }

    @Test
    void theByteBoundDropsToo() throws Exception {
        SessionSender sender = sender(100, 10, Runnable::run);
        sender.offer(OutboundMessage.text("0123456789"));
        sender.offer(OutboundMessage.text("abcde"));
        sender.offer(OutboundMessage.text("fghij"));
        // The message in flight alone fills the bound and cannot be dropped: nothing fits beside it.
        assertEquals(2, droppedSeen.get());
        fake.complete(fake.nextSend());
        fake.complete(fake.nextSend());
        assertEquals(List.of("0123456789", "dropped:2"), fake.sent());
    }

    @Test
    void repliesAreNeverDroppedPublishedMessagesMakeRoomForThem() throws Exception {
        SessionSender sender = sender(3, 1 << 20, Runnable::run);
        sender.offer(OutboundMessage.text("m1"));
        sender.offer(OutboundMessage.text("m2"));
        sender.offer(OutboundMessage.text("m3"));
        assertTrue(sender.reply(OutboundMessage.text("r1")));
        assertTrue(sender.offer(OutboundMessage.text("m4")));
        assertTrue(sender.reply(OutboundMessage.text("r2")));
        // Only m1 (being written) and the two replies are left: a published message has no room beside them.
        assertTrue(sender.offer(OutboundMessage.text("m5")));
        assertEquals(3, sender.depth());
        assertEquals(4, droppedSeen.get());
        for (int i = 0; i < 4; i++) {
            fake.complete(fake.nextSend());
        }
        assertEquals(List.of("m1", "dropped:4", "r1", "r2"), fake.sent());
        assertTrue(fake.closes().isEmpty());
    }

    @Test
    void aNewerCountTakesTheWaitingOnesPlaceAndCountsAreNeverDropped() throws Exception {
        SessionSender sender = sender(3, 1 << 20, Runnable::run);
        sender.offer(OutboundMessage.text("m1"));
        assertTrue(sender.offerLatest("t", OutboundMessage.text("t:1"), null));
        sender.offer(OutboundMessage.text("m2"));
        assertTrue(sender.offerLatest("t", OutboundMessage.text("t:2"), null));
        assertEquals(3, sender.depth(), "t:2 took t:1's place");
        assertEquals(0, droppedSeen.get());
        sender.offer(OutboundMessage.text("m3"));
        // m2, the only published message waiting, made room: the notice counts it alone, never a count.
        assertEquals(1, droppedSeen.get());
        for (int i = 0; i < 4; i++) {
            fake.complete(fake.nextSend());
        }
        assertEquals(List.of("m1", "dropped:1", "t:2", "m3"), fake.sent());
    }

    @Test
    void aCountBeingWrittenIsNotReplacedAndOtherKeysAreNotTouched() throws Exception {
        SessionSender sender = sender(5, 1 << 20, Runnable::run);
        sender.offerLatest("t", OutboundMessage.text("t:1"), null);
        sender.offerLatest("t", OutboundMessage.text("t:2"), null);
        sender.offerLatest("u", OutboundMessage.text("u:1"), null);
        sender.offerLatest("t", OutboundMessage.text("t:3"), null);
        for (int i = 0; i < 3; i++) {
            fake.complete(fake.nextSend());
        }
        assertEquals(List.of("t:1", "t:3", "u:1"), fake.sent());
    }

    @Test
    void aReplyMayGoOverTheByteBoundNeverOverTheMessageBound() throws Exception {
        SessionSender sender = sender(3, 10, Runnable::run);
        sender.offer(OutboundMessage.text("0123456789"));
        assertTrue(sender.reply(OutboundMessage.text("r1")), "beside the message being written");
        assertTrue(sender.reply(OutboundMessage.text("r2")));
        assertEquals(0, droppedSeen.get());
        assertTrue(fake.closes().isEmpty());
        // Limit + 1: a client that leaves that many of its replies unread does not read; it is closed.
        assertFalse(sender.reply(OutboundMessage.text("r3")));
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertFalse(sender.offer(OutboundMessage.text("after close")));
    }

    @Test
    void aClientThatStaysFullPastTheSendTimeoutIsClosedWith1008() throws Exception {
        SessionSender sender = sender(2, 1 << 20, Runnable::run);
        sender.offer(OutboundMessage.text("stuck"));
        sender.offer(OutboundMessage.text("waiting"));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertTrue(sender.offer(OutboundMessage.text("still within the timeout")));
        assertTrue(fake.closes().isEmpty());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
        assertFalse(sender.offer(OutboundMessage.text("past it")));
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertFalse(sender.offer(OutboundMessage.text("after close")));
    }

    @Test
    void progressResetsTheClock() throws Exception {
        SessionSender sender = sender(2, 1 << 20, Runnable::run);
        sender.offer(OutboundMessage.text("a"));
        sender.offer(OutboundMessage.text("b"));
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(900));
        fake.complete(fake.nextSend());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(900));
        sender.offer(OutboundMessage.text("c"));
        assertTrue(sender.offer(OutboundMessage.text("d")), "a client that keeps reading is never closed");
        assertTrue(fake.closes().isEmpty());
    }

    @Test
    void closeAfterQueuedWritesWhatIsQueuedFirstThenClosesAndRefusesMore() throws Exception {
        SessionSender sender = sender(10, 1 << 20, Runnable::run);
        sender.offer(OutboundMessage.text("explanation"));
        sender.closeAfterQueued(CloseCodes.VIOLATED_POLICY, "bye");
        assertFalse(sender.offer(OutboundMessage.text("too late")));
        assertTrue(fake.closes().isEmpty(), "not before the explanation is written");
        fake.complete(fake.nextSend());
        assertEquals(List.of("explanation"), fake.sent());
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
    }
}
