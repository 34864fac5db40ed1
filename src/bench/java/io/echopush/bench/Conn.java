package io.echopush.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One load-generator connection: a plain non-blocking socket served by the one {@link EventLoop} thread, which
 * reads frames and hands whole text messages to {@code onText}. A client as lean as the server's own framing,
 * so that on two shared cores the client takes as little from the server as possible (docs/benchmarks.md:
 * the JDK's WebSocket client took most of the fan-out time itself).
 *
 * <p>Sends may come from any thread; what the socket does not take at once waits, in order, for the loop to write
 * it.
 */
final class Conn implements EventLoop.Client, Frames.Sink {

    private static final EventLoop LOOP = EventLoop.SHARED;

    private final SocketChannel channel;
    private final Consumer<String> onText;
    private final ArrayDeque<ByteBuffer> unwritten = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Loop thread only: bytes of a frame not yet whole, and the text frames of a message not yet whole. */
    private ByteBuffer partial = Frames.EMPTY;
    private final java.io.ByteArrayOutputStream fragments = new java.io.ByteArrayOutputStream(0);
    private boolean closeSent;

    private Conn(SocketChannel channel, Consumer<String> onText) {
        this.channel = channel;
        this.onText = onText;
    }

    /** Connects and completes the handshake on the caller's thread; the future is done when it returns. */
    static CompletableFuture<Conn> open(URI uri, String subprotocol, Consumer<String> onText) {
        try {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer rest = handshake(channel, uri, subprotocol);
            Conn conn = new Conn(channel, onText);
            channel.configureBlocking(false);
            LOOP.register(conn, rest);
            return CompletableFuture.completedFuture(conn);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static ByteBuffer handshake(SocketChannel channel, URI uri, String subprotocol) throws IOException {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer in = ByteBuffer.allocate(4096);
        while (true) {
            if (channel.read(in) < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            String head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (!head.startsWith("HTTP/1.1 101")) {
                    channel.close();
                    throw new IOException("handshake refused: " + head.substring(0, head.indexOf('\r')));
                }
                in.flip().position(end + 4);
                return in.slice();
            }
            if (!in.hasRemaining()) {
                throw new IOException("handshake response too long");
            }
        }
    }

    void send(String text) {
        write(Frames.masked(0x1, text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends a close (1000) and completes when the server's close has come or the connection is gone. */
    CompletableFuture<Void> close() {
        sendClose();
        return closed;
    }

    /**
     * Closes {@code conns} 100 at a time, each batch done before the next: thousands of clients closing at once
     * starve Tomcat's workers for tens of seconds (docs/reliability.md, finding 1), which would stall the
     * next scenario, not measure this one.
     */
    static void closeAll(List<Conn> conns) {
        for (int from = 0; from < conns.size(); from += 100) {
            List<Conn> batch = conns.subList(from, Math.min(conns.size(), from + 100));
            CompletableFuture<?>[] closes = batch.stream().map(Conn::close).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(closes).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // not answered in time: dropped below, gone either way
            }
            batch.forEach(Conn::abort);
        }
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public void onBytes(ByteBuffer data) {
        partial = Frames.cut(partial, data, this);
    }

    @Override
    public void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
        closed.complete(null);
    }

    private synchronized void sendClose() {
        if (!closeSent) {
            closeSent = true;
            write(Frames.masked(0x8, new byte[] {0x03, (byte) 0xE8}));
        }
    }

    /** Writes what the socket takes now; the rest waits for the loop, behind anything already waiting. */
    private synchronized void write(ByteBuffer frame) {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (unwritten.isEmpty()) {
                channel.write(frame);
                if (!frame.hasRemaining()) {
                    return;
                }
            }
            unwritten.addLast(frame);
            LOOP.wantWrite(this);
        } catch (IOException e) {
            abort();
        }
    }

    /** On the loop, when the socket can take more: answers whether everything waiting has been written. */
    @Override
    public synchronized boolean flush() throws IOException {
        while (!unwritten.isEmpty()) {
            ByteBuffer head = unwritten.peekFirst();
            channel.write(head);
            if (head.hasRemaining()) {
                return false;
            }
            unwritten.pollFirst();
        }
        return true;
    }

    /** On the loop: one whole frame from the server (never masked). */
    @Override
    public void onFrame(boolean fin, int opcode, byte[] payload) {
        switch (opcode) {
            case 0x1, 0x0 -> {
                if (fin && fragments.size() == 0) {
                    onText.accept(new String(payload, StandardCharsets.UTF_8));
                } else {
                    fragments.writeBytes(payload);
                    if (fin) {
                        String text = fragments.toString(StandardCharsets.UTF_8);
                        fragments.reset();
                        onText.accept(text);
                    }
                }
            }
            case 0x9 -> write(Frames.masked(0xA, payload));
            case 0x8 -> {
                sendClose();
                abort();
            }
            default -> { } // binary and pongs: not used by the scenarios
        }
    }
}
