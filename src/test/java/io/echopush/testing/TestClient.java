package io.echopush.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A polite WebSocket client for tests, on the JDK's {@link WebSocket}: whatever arrives is reassembled into
 * whole messages and queued as {@link Event}s, which tests take with a timeout.
 */
public final class TestClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** What the client saw, in order. */
    public sealed interface Event {
        record Text(String text) implements Event {
        }

        record Binary(byte[] data) implements Event {
        }

        record Pong(byte[] data) implements Event {
        }

        record Closed(int code, String reason) implements Event {
        }

        record Failed(Throwable error) implements Event {
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder textParts = new StringBuilder();
    private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();
    private WebSocket socket;
    // One send at a time is all the JDK allows: each send is chained behind the previous one.
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private TestClient() {
    }

    public static TestClient connect(URI uri) {
        return connect(uri, new String[0]);
    }

    /** Connects offering {@code subprotocols} (in order of preference). */
    public static TestClient connect(URI uri, String... subprotocols) {
        TestClient client = new TestClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.socket = builder.buildAsync(uri, client).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return client;
    }

    /** The subprotocol the server chose; empty if none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    // ---- sending: queued behind earlier sends, never waiting for an answer (pipelining is allowed)

    public synchronized TestClient sendText(String text) {
        return sendText(text, true);
    }

    public synchronized TestClient sendText(String part, boolean last) {
        lastSend = lastSend.thenCompose(ignored -> socket.sendText(part, last));
        return this;
    }

    public synchronized TestClient sendBinary(byte[] data) {
        return sendBinary(data, true);
    }

    public synchronized TestClient sendBinary(byte[] part, boolean last) {
        lastSend = lastSend.thenCompose(ignored -> socket.sendBinary(ByteBuffer.wrap(part), last));
        return this;
    }

    public synchronized TestClient sendPing(byte[] data) {
        lastSend = lastSend.thenCompose(ignored -> socket.sendPing(ByteBuffer.wrap(data)));
        return this;
    }

    public synchronized TestClient sendClose(int code, String reason) {
        lastSend = lastSend.thenCompose(ignored -> socket.sendClose(code, reason));
        return this;
    }

    /** Waits until everything sent so far has been handed to the network. */
    public TestClient flush() {
        CompletableFuture<WebSocket> pending;
        synchronized (this) {
            pending = lastSend;
        }
        pending.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    // ---- receiving

    public Event next() {
        try {
            Event event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(event, "nothing arrived within " + TIMEOUT);
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String nextText() {
        return assertInstanceOf(Event.Text.class, next()).text();
    }

    public byte[] nextBinary() {
        return assertInstanceOf(Event.Binary.class, next()).data();
    }

    public byte[] nextPong() {
        return assertInstanceOf(Event.Pong.class, next()).data();
    }

    /** The close the server sent, skipping any messages still queued before it. */
    public Event.Closed awaitClose() {
        Event end = awaitEnd();
        if (end instanceof Event.Failed failed) {
            throw new AssertionError("connection failed instead of closing", failed.error());
        }
        return (Event.Closed) end;
    }

    /**
     * As {@link #awaitClose}, for a connection the server may cut while this client is still writing: a write that
     * fails first (broken pipe, reset) counts as the connection ending without a close frame, 1006.
     */
    public Event.Closed awaitCloseOrCut() {
        return awaitEnd() instanceof Event.Closed closed ? closed : new Event.Closed(1006, "cut");
    }

    /** The first close or failure, skipping any messages still queued before it. */
    private Event awaitEnd() {
        while (true) {
            Event event = next();
            if (event instanceof Event.Closed || event instanceof Event.Failed) {
                return event;
            }
        }
    }

    /** Sends {@code text} and asserts the same text comes back next. */
    public void assertEchoes(String text) {
        sendText(text);
        assertEquals(text, nextText());
    }

    // ---- WebSocket.Listener

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        textParts.append(data);
        if (last) {
            events.add(new Event.Text(textParts.toString()));
            textParts.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binaryParts.writeBytes(bytes);
        if (last) {
            events.add(new Event.Binary(binaryParts.toByteArray()));
            binaryParts.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        events.add(new Event.Pong(bytes));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add(new Event.Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add(new Event.Failed(error));
    }

    /** A clean close: sends 1000 unless already closed, waits (bounded) for the server's close, then lets go. */
    @Override
    public void close() {
        try {
            if (!socket.isOutputClosed()) {
                flush();
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).join();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!socket.isInputClosed() && System.nanoTime() < deadline) {
                Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event instanceof Event.Closed || event instanceof Event.Failed) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // the server already went away: nothing left to close cleanly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.abort();
        }
    }
}
