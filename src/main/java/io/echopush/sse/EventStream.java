package io.echopush.sse;

import io.echopush.outbound.OutboundMessage;
import io.echopush.outbound.Peer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.websocket.CloseReason.CloseCode;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.ObjIntConsumer;

/**
 * One {@code GET /events} response as a {@link Peer}: each message becomes an event, the cursor its id. Written
 * through the servlet's non-blocking output ({@link FrameWriter}); the sender in front never has two writes going.
 */
final class EventStream implements Peer {

    private static final AtomicLong IDS = new AtomicLong();

    private final String id = "sse-" + IDS.incrementAndGet();
    private final String user;
    private final Map<String, Object> properties = new ConcurrentHashMap<>();
    private final Cursor cursor = new Cursor();
    private final AsyncContext async;
    private final FrameWriter writer;
    private final ObjIntConsumer<Peer> ended;
    private volatile long sendTimeoutMillis = 10_000;

    /**
     * @param schedule runs a task after a delay (the send timeout's watch)
     * @param ended hears the code the stream ended with, once: the registry lets it go
     */
    EventStream(AsyncContext async, ServletOutputStream out, String user,
            BiFunction<Runnable, Duration, ScheduledFuture<?>> schedule, ObjIntConsumer<Peer> ended) {
        this.async = async;
        this.user = user;
        this.writer = new FrameWriter(out, schedule, this::broken);
        this.ended = ended;
    }

    /** Begins writing: the preamble, then whatever the sender handed over meanwhile. */
    void start(long retryMillis) {
        writer.start(EventFrames.preamble(retryMillis));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public Map<String, Object> properties() {
        return properties;
    }

    @Override
    public void send(OutboundMessage message, SendHandler done) {
        if (!(message instanceof OutboundMessage.Text text)) {
            done.onResult(new SendResult(new IllegalArgumentException("an event stream carries text only")));
            return;
        }
        String moved = text.mark() == null ? null : cursor.move(text.mark());
        writer.write(EventFrames.event(text.text(), moved), done, sendTimeoutMillis);
    }

    @Override
    public void sendTimeout(long millis) {
        sendTimeoutMillis = millis;
    }

    @Override
    public void ping(byte[] payload) throws IOException {
        CompletableFuture<SendResult> written = new CompletableFuture<>();
        writer.write(EventFrames.heartbeat(), written::complete, sendTimeoutMillis);
        try {
            SendResult result = written.get(sendTimeoutMillis + 1_000, TimeUnit.MILLISECONDS);
            if (!result.isOK()) {
                throw result.getException() instanceof IOException e ? e : new IOException(result.getException());
            }
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("heartbeat not written");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    @Override
    public boolean isOpen() {
        return writer.isOpen();
    }

    /** Says why in a last {@code close} event when nothing is stuck in the way, then ends the response. */
    @Override
    public void close(CloseCode code, String reason) {
        if (writer.finish(EventFrames.close(code.getCode(), reason))) {
            ended.accept(this, code.getCode());
            complete();
        }
    }

    /** The container's end of it: the client left (1000), or the connection broke (1006). */
    void endedByClient(boolean broken) {
        if (writer.finish(null)) {
            ended.accept(this, broken ? 1006 : 1000);
            complete();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyOver) {
            // the container ended it first (the client left)
        }
    }

    private void broken() {
        endedByClient(true);
    }

    @Override
    public void boundClose(long millis) {
        // Nothing to bound: a response has no close handshake to wait for.
    }

    @Override
    public boolean answers() {
        return false;
    }
}
