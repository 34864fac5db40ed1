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
        int producers = 4;
        int each = 2_000;
        SessionSender sender = sender(fake, new OutboundLimits(producers * each, Long.MAX_VALUE, 10_000));
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertTrue(sender.sendOrClose(OutboundMessage.text(id + ":" + i)));
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
            assertTrue(sender.sendOrClose(OutboundMessage.text("m" + i)));
        }
        assertEquals(200_000, fake.sent().size());
        assertEquals(0, sender.depth());
    }

    /** Echo never waits and never drops: a client that leaves more unread than the queue holds is closed at once. */
    @Test
    void oneMessageMoreThanTheQueueHoldsClosesTheSessionWith1008OnTheCallersThread() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = new SessionSender(new WebSocketPeer(fake.session()), new OutboundLimits(2, 1 << 20, 10_000),
                Runnable::run, command -> {
                    throw new AssertionError("the close must not be handed to another thread");
                }, OutboundObserver.NONE, null);
        assertTrue(sender.sendOrClose(OutboundMessage.text("in flight")));
        assertTrue(sender.sendOrClose(OutboundMessage.text("queued")));
        assertTrue(fake.closes().isEmpty(), "at the limit the client is still served");
        assertFalse(sender.sendOrClose(OutboundMessage.text("one too many")));
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
        assertFalse(sender.sendOrClose(OutboundMessage.text("after close")));
        assertEquals("in flight", fake.nextSend().payload());
    }

    /** The byte bound counts what is unwritten, the message in flight included, limit−1, limit and limit+1. */
    @Test
    void theByteBoundCountsEverythingNotYetWritten() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, new OutboundLimits(100, 10, 10_000));
        assertTrue(sender.sendOrClose(OutboundMessage.text("012345678")));
        assertTrue(sender.sendOrClose(OutboundMessage.text("9")), "limit: 10 bytes unwritten");
        fake.complete(fake.nextSend());
        assertTrue(sender.sendOrClose(OutboundMessage.text("abcdefghi")), "9 bytes freed: 10 unwritten again");
        assertTrue(fake.closes().isEmpty());
        assertFalse(sender.sendOrClose(OutboundMessage.text("j")), "limit + 1");
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
    }

    @Test
    void aFailedSendClosesOnlyThisSessionAndRefusesMore() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, ROOMY);
        sender.sendOrClose(OutboundMessage.text("one"));
        sender.sendOrClose(OutboundMessage.text("two"));
        fake.fail(fake.nextSend(), new IOException("broken pipe"));
        assertEquals(CloseCodes.UNEXPECTED_CONDITION, fake.closes().get(0).getCloseCode());
        assertFalse(sender.sendOrClose(OutboundMessage.text("three")));
        assertEquals(List.of("one"), fake.sent());
    }

    /**
     * Tomcat fails the send in flight with EOF, then sends its own close, when a client breaks the protocol: that
     * close (1002, 1007) is the client's answer, not a 1011 of ours (the fuzz pass raced the two).
     */
    @Test
    void aSendEndedByTheContainerClosingLeavesTheCloseToIt() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, ROOMY);
        sender.sendOrClose(OutboundMessage.text("reply"));
        fake.fail(fake.nextSend(), new java.io.EOFException());
        assertTrue(fake.closes().isEmpty(), "closed by us: " + fake.closes());
        assertFalse(sender.sendOrClose(OutboundMessage.text("more")), "nothing more is sent");
    }

    @Test
    void aTimedOutSendClosesWith1008() throws Exception {
        FakeSession fake = new FakeSession(false);
        SessionSender sender = sender(fake, ROOMY);
        sender.sendOrClose(OutboundMessage.text("stuck"));
        fake.fail(fake.nextSend(), new TimeoutException());
        assertEquals(CloseCodes.VIOLATED_POLICY, fake.closes().get(0).getCloseCode());
    }

    /** A ping is the session's one send in flight: what is offered meanwhile waits for it, then goes. */
    @Test
    void aMessageOfferedDuringAPingGoesOutAfterIt() throws Exception {
        FakeSession fake = new FakeSession(true);
        List<Runnable> closerTasks = new ArrayList<>();
        SessionSender sender = new SessionSender(new WebSocketPeer(fake.session()), ROOMY, Runnable::run, closerTasks::add,
                OutboundObserver.NONE, null);
        assertTrue(sender.pingIfIdle(new byte[] {1}));
        assertFalse(sender.pingIfIdle(new byte[] {2}), "one ping at a time");
        assertTrue(sender.offer(OutboundMessage.text("offered during the ping")));
        assertTrue(fake.sent().isEmpty(), "nothing is written beside the ping");

        closerTasks.remove(0).run();

        assertEquals(2, fake.sent().size());
        assertTrue(fake.sent().get(0) instanceof FakeSession.Ping);
        assertEquals("offered during the ping", fake.sent().get(1));
        assertTrue(sender.pingIfIdle(new byte[] {3}), "idle again once all is written");
    }

    /**
     * Sends start with the platform class loader as the thread's context, also on the caller's thread, which
     * gets its own back: Tyrus schedules an idle timer per send, whose context capture on Payara searched the
     * whole server through the application's loader (docs/benchmarks.md).
     */
    @Test
    void sendsRunWithThePlatformClassLoaderAndGiveTheCallersBack() {
        FakeSession fake = new FakeSession(true);
        SessionSender sender = sender(fake, ROOMY);
        ClassLoader application = new java.net.URLClassLoader(new java.net.URL[0]);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(application);
        try {
            assertTrue(sender.sendOrClose(OutboundMessage.text("echo")));
            assertTrue(sender.offer(OutboundMessage.text("push")));
            assertEquals(application, thread.getContextClassLoader());
        } finally {
            thread.setContextClassLoader(before);
        }
        assertEquals(List.of(ClassLoader.getPlatformClassLoader(), ClassLoader.getPlatformClassLoader()),
                fake.sendContexts());
    }
}
