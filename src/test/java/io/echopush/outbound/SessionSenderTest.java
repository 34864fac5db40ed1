package io.echopush.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.FakeSession;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SessionSenderTest {

    private static final OutboundLimits ROOMY = new OutboundLimits(256, 1 << 20, 10_000);

    /** A sender whose send chains and closes run on the calling thread, so the fake sees them at once. */
    static SessionSender sender(FakeSession fake, OutboundLimits limits) {
        return new SessionSender(fake.session(), limits, Runnable::run, OutboundObserver.NONE, null);
    }

    /** Many threads send at once; the session still sees one send at a time, each thread's messages in order. */
    @Test
    void concurrentSendersNeverHaveTwoSendsInFlight() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, ROOMY);
        int producers = 4;
        int each = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertTrue(sender.sendInOrder(OutboundMessage.text(id + ":" + i)));
                    }
                }));
            }
            for (int n = 0; n < producers * each; n++) {
                fake.complete(fake.nextSend());
            }
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fake.maxInFlight());
        int[] next = new int[producers];
        for (Object payload : fake.sent()) {
            String[] parts = ((String) payload).split(":");
            int producer = Integer.parseInt(parts[0]);
            assertEquals(next[producer]++, Integer.parseInt(parts[1]), "order of producer " + producer);
        }
        assertEquals(producers * each, fake.sent().size());
    }

    /** A container may complete a send before sendText returns; a long queue must not recurse into the stack. */
    @Test
    void sendsCompletedInlineDoNotRecurse() {
        FakeSession fake = new FakeSession(true);
        SessionSender sender = sender(fake, new OutboundLimits(1_000_000, Long.MAX_VALUE, 10_000));
        for (int i = 0; i < 200_000; i++) {
            assertTrue(sender.sendInOrder(OutboundMessage.text("m" + i)));
        }
        assertEquals(200_000, fake.sent().size());
        assertEquals(0, sender.depth());
    }

    @Test
    void aQueueFullForTheSendTimeoutClosesTheSessionWith1008() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, new OutboundLimits(2, 1 << 20, 200));
        assertTrue(sender.sendInOrder(OutboundMessage.text("in flight")));
        assertTrue(sender.sendInOrder(OutboundMessage.text("queued")));
        assertFalse(sender.sendInOrder(OutboundMessage.text("no room")));
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertFalse(sender.sendInOrder(OutboundMessage.text("after close")));
    }

    /** The byte bound holds back a sender until the message in flight has been written. */
    @Test
    void theByteBoundHoldsASenderBackUntilRoomIsFreed() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, new OutboundLimits(100, 10, 10_000));
        assertTrue(sender.sendInOrder(OutboundMessage.text("0123456789")));
        Thread blocked = new Thread(() -> sender.sendInOrder(OutboundMessage.text("x")));
        blocked.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (blocked.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.TIMED_WAITING, blocked.getState());
        assertEquals(1, sender.depth());
        fake.complete(fake.nextSend());
        blocked.join(10_000);
        assertEquals("x", fake.nextSend().payload());
    }

    @Test
    void aFailedSendClosesOnlyThisSessionAndRefusesMore() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, ROOMY);
        sender.sendInOrder(OutboundMessage.text("one"));
        sender.sendInOrder(OutboundMessage.text("two"));
        fake.fail(fake.nextSend(), new IOException("broken pipe"));
        assertEquals(CloseCodes.UNEXPECTED_CONDITION, fake.closes().get(0).getCloseCode());
        assertFalse(sender.sendInOrder(OutboundMessage.text("three")));
        assertEquals(List.of("one"), fake.sent());
    }

    @Test
    void aTimedOutSendClosesWith1008() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, ROOMY);
        sender.sendInOrder(OutboundMessage.text("stuck"));
        fake.fail(fake.nextSend(), new TimeoutException());
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
    }
}
