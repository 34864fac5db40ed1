package io.echopush.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One load-generator event stream (issue 21): {@code GET} on a plain socket, HTTP/1.1, read by the same one
 * {@link EventLoop} thread as the WebSocket clients, so that both transports cost the client alike. Decodes the
 * response (chunked or not) and hands the body to {@link EventText}, which gives each event's data to
 * {@code onData}.
 */
final class SseStream implements EventLoop.Client {

    private static final long SIZE_DUE = -1;
    private static final long CRLF_DUE = -2;

    private final SocketChannel channel;
    private final EventText body;
    /** Loop thread only: raw bytes not yet decoded (a head or a chunk's size line not yet whole). */
    private ByteBuffer raw = Frames.EMPTY;
    private boolean headRead;
    private boolean chunked;
    private long chunkLeft = SIZE_DUE;

    private SseStream(SocketChannel channel, Consumer<String> onData) {
        this.channel = channel;
        this.body = new EventText(onData);
    }

    /** Connects and sends the request on the caller's thread; the response is read on the loop. */
    static SseStream open(URI uri, Consumer<String> onData) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost()
                + ":" + uri.getPort() + "\r\nAccept: text/event-stream\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        channel.configureBlocking(false);
        SseStream stream = new SseStream(channel, onData);
        EventLoop.SHARED.register(stream, Frames.EMPTY);
        return stream;
    }

    /** Closes the sockets, as a browser leaving the page would: an event stream has no closing handshake. */
    static void closeAll(List<SseStream> streams) {
        streams.forEach(SseStream::abort);
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public boolean flush() {
        return true; // the request went out before the loop took the socket
    }

    @Override
    public void abort() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }

    @Override
    public void onBytes(ByteBuffer data) {
        ByteBuffer bytes = data;
        if (raw.hasRemaining()) {
            bytes = ByteBuffer.allocate(raw.remaining() + data.remaining()).put(raw).put(data).flip();
        }
        if (!headRead && !readHead(bytes)) {
            raw = copy(bytes);
            return;
        }
        while (bytes.hasRemaining()) {
            if (!chunked) {
                body.append(bytes, bytes.remaining());
            } else if (chunkLeft > 0) {
                int taken = (int) Math.min(bytes.remaining(), chunkLeft);
                body.append(bytes, taken);
                chunkLeft = chunkLeft == taken ? CRLF_DUE : chunkLeft - taken;
            } else {
                int end = indexOf(bytes, "\r\n");
                if (end < 0) {
                    break;
                }
                String line = ascii(bytes, end);
                bytes.position(end + 2);
                if (chunkLeft == SIZE_DUE) {
                    int semicolon = line.indexOf(';'); // chunk extensions: none expected, ignored
                    chunkLeft = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
                    if (chunkLeft == 0) { // the last chunk: the server ended the stream
                        abort();
                        return;
                    }
                } else {
                    chunkLeft = SIZE_DUE; // the line ending a chunk's data
                }
            }
        }
        raw = copy(bytes);
    }

    /** The status line and headers, once whole: anything but 200 ends the stream, loudly. */
    private boolean readHead(ByteBuffer bytes) {
        int end = indexOf(bytes, "\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = ascii(bytes, end).toLowerCase(Locale.ROOT);
        bytes.position(end + 4);
        headRead = true;
        chunked = head.contains("\r\ntransfer-encoding: chunked");
        if (!head.startsWith("http/1.1 200")) {
            System.err.println("event stream refused: " + head.substring(0, head.indexOf('\r')));
            abort();
        }
        return true;
    }

    private static int indexOf(ByteBuffer bytes, String what) {
        outer:
        for (int i = bytes.position(); i + what.length() <= bytes.limit(); i++) {
            for (int j = 0; j < what.length(); j++) {
                if (bytes.get(i + j) != what.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String ascii(ByteBuffer bytes, int end) {
        byte[] line = new byte[end - bytes.position()];
        bytes.get(bytes.position(), line);
        return new String(line, StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer copy(ByteBuffer bytes) {
        return bytes.hasRemaining() ? ByteBuffer.allocate(bytes.remaining()).put(bytes).flip() : Frames.EMPTY;
    }
}
