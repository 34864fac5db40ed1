package io.echopush.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.websocket.SendResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The stream's writer on a servlet output that says when it is ready, as containers do: a write completes when
 * flushed, waits when the client reads nothing, fails at the send timeout, and a broken output ends the stream.
 */
class FrameWriterTest {

    /** An output whose readiness the test sets; a write may leave it not ready, as a full socket does. */
    private static final class Output extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean ready = true;
        boolean fullAfterWrite;
        IOException failure;
        WriteListener listener;
        Runnable whileSettingTheListener = () -> { };

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            whileSettingTheListener.run();
            this.listener = listener;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (failure != null) {
                throw failure;
            }
            assertTrue(listener != null, "a write before the listener: a blocking one, after which Jetty refuses it");
            written.write(bytes, offset, length);
            ready = !fullAfterWrite;
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }

        /** The client read: the container calls back. */
        void drained() {
            ready = true;
            writable();
        }

        void writable() {
            try {
                listener.onWritePossible();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Output out = new Output();
    private final List<Runnable> timers = new ArrayList<>();
    private final AtomicInteger broken = new AtomicInteger();
    private final FrameWriter writer = new FrameWriter(out, this::schedule, broken::incrementAndGet);

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        timers.add(task);
        return null;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void started() {
        writer.start(bytes("pre\n"));
        out.writable();
    }

    @Test
    void aWriteCompletesOnceFlushedAndNothingWaitsForTheStartBeforeIt() {
        AtomicReference<SendResult> result = new AtomicReference<>();
        writer.write(bytes("early\n"), result::set, 1_000); // before start: held, not failed
        assertNull(result.get());
        started();
        assertEquals("pre\nearly\n", out.text());
        assertTrue(result.get().isOK());
    }

    @Test
    void aWriteThatComesWhileTheListenerIsBeingSetWaitsForIt() {
        AtomicReference<SendResult> result = new AtomicReference<>();
        out.whileSettingTheListener = () -> writer.write(bytes("subscribed\n"), result::set, 1_000);
        writer.start(bytes("pre\n"));
        assertEquals("pre\nsubscribed\n", out.text());
        assertTrue(result.get().isOK());
    }

    @Test
    void aClientThatReadsNothingLeavesTheWriteWaitingThenTheSendTimeoutFailsIt() {
        started();
        out.fullAfterWrite = true;
        AtomicReference<SendResult> result = new AtomicReference<>();
        writer.write(bytes("big\n"), result::set, 1_000);
        assertNull(result.get(), "not flushed: not done");
        assertEquals(1, timers.size(), "the send timeout watches it");
        timers.get(0).run();
        assertFalse(result.get().isOK());
        assertInstanceOf(TimeoutException.class, result.get().getException());
        assertEquals(0, broken.get(), "too slow is the sender's to judge, not a broken connection");
    }

    @Test
    void aClientThatReadsLateCompletesTheWriteAndDisarmsTheTimeout() {
        started();
        out.fullAfterWrite = true;
        AtomicReference<SendResult> result = new AtomicReference<>();
        writer.write(bytes("big\n"), result::set, 1_000);
        out.fullAfterWrite = false;
        out.drained(); // the client read: the flush goes through
        assertTrue(result.get().isOK());
    }

    @Test
    void aTimerThatFiresLateNeverFailsTheNextWrite() {
        started();
        out.fullAfterWrite = true;
        AtomicReference<SendResult> first = new AtomicReference<>();
        writer.write(bytes("one\n"), first::set, 1_000);
        out.drained();
        assertTrue(first.get().isOK());
        AtomicReference<SendResult> second = new AtomicReference<>();
        writer.write(bytes("two\n"), second::set, 1_000);
        assertEquals(2, timers.size());
        timers.get(0).run(); // the first write's timer, cancelled too late to stop it
        assertNull(second.get(), "not the first write's timeout to judge");
        timers.get(1).run();
        assertInstanceOf(TimeoutException.class, second.get().getException());
    }

    @Test
    void aBrokenOutputEndsTheStreamAndFailsTheWrite() {
        started();
        out.failure = new IOException("reset");
        AtomicReference<SendResult> result = new AtomicReference<>();
        writer.write(bytes("x\n"), result::set, 1_000);
        assertEquals(1, broken.get());
        assertFalse(result.get().isOK());
    }

    @Test
    void finishWritesTheLastFrameWhenIdleOnlyOnceAndLaterWritesFail() {
        started();
        assertTrue(writer.finish(bytes("bye\n")));
        assertFalse(writer.finish(bytes("again\n")));
        assertEquals("pre\nbye\n", out.text());
        assertFalse(writer.isOpen());
        AtomicReference<SendResult> result = new AtomicReference<>();
        writer.write(bytes("late\n"), result::set, 1_000);
        assertFalse(result.get().isOK());
    }

    @Test
    void finishSkipsTheLastFrameWhileAWriteIsStuckAndFailsThatWrite() {
        started();
        out.fullAfterWrite = true;
        AtomicReference<SendResult> result = new AtomicReference<>();
        writer.write(bytes("stuck\n"), result::set, 1_000);
        assertTrue(writer.finish(bytes("bye\n")));
        assertEquals("pre\nstuck\n", out.text());
        assertFalse(result.get().isOK());
    }
}
