package io.echopush.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client on a bare TCP socket, for what a polite client refuses to do: any handshake header,
 * unmasked frames, reserved opcodes and bits, invalid UTF-8, oversized control frames, a reset mid-message.
 * Frames are written exactly as asked (RFC 6455 §5.2) and read back one by one.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The most a test reads in one frame: the largest message limit (4 MiB) with room to spare. */
    private static final long MAX_FRAME_BYTES = 16 << 20;

    /** What the server sent cannot be frames: a header no server writes, as when a frame was cut short. */
    public static final class GarbledException extends IOException {
        GarbledException(String message) {
            super(message);
        }
    }

    /** A frame as read from the server. */
    public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        /** The status code of a close frame, or 1005 when it has none (RFC 6455 §7.1.5). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The reason of a close frame: what follows its code. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    /** The server's answer to a handshake: status code and headers (names in lower case). */
    public record Handshake(int status, Map<String, String> headers) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Handshake handshake;

    private RawWebSocket(Socket socket, Handshake handshake, InputStream in) throws IOException {
        this.socket = socket;
        this.handshake = handshake;
        this.in = new DataInputStream(in);
        this.out = socket.getOutputStream();
    }

    /** Opens a WebSocket with a valid handshake plus {@code extraHeaders}; any status is returned, not thrown. */
    public static RawWebSocket open(URI uri, Map<String, String> extraHeaders) throws IOException {
        return open(uri, extraHeaders, 0);
    }

    /**
     * As {@link #open(URI, Map)}, with a fixed TCP receive buffer of {@code receiveBufferBytes} (0: the system's
     * auto-tuned one), so that a client that stops reading stalls the server after little data.
     */
    public static RawWebSocket open(URI uri, Map<String, String> extraHeaders, int receiveBufferBytes)
            throws IOException {
        return open(uri, extraHeaders, receiveBufferBytes, null);
    }

    /**
     * Opens a WebSocket from the loopback address {@code from} (any 127.x.y.z reaches a server on loopback), so
     * that one machine can be several clients' addresses.
     */
    public static RawWebSocket openFrom(InetAddress from, URI uri) throws IOException {
        return open(uri, Map.of(), 0, from);
    }

    private static RawWebSocket open(URI uri, Map<String, String> extraHeaders, int receiveBufferBytes,
            InetAddress from) throws IOException {
        Socket socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes); // before connecting, or the window is already agreed
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) TestClient.TIMEOUT.toMillis());
        socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", uri.getHost() + ":" + uri.getPort());
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        headers.put("Sec-WebSocket-Version", "13");
        headers.putAll(extraHeaders);
        StringBuilder request = new StringBuilder("GET " + uri.getRawPath() + " HTTP/1.1\r\n");
        headers.forEach((name, value) -> {
            if (value != null) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        });
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        return new RawWebSocket(socket, readResponseHead(in), in);
    }

    /** How long a read waits from now on ({@link TestClient#TIMEOUT} until changed). */
    public RawWebSocket readTimeout(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        return this;
    }

    public static RawWebSocket open(URI uri) throws IOException {
        return open(uri, Map.of());
    }

    /** Performs a handshake with {@code extraHeaders} and answers the server's status; the socket is closed. */
    public static Handshake handshake(URI uri, Map<String, String> extraHeaders) throws IOException {
        try (RawWebSocket raw = open(uri, extraHeaders)) {
            return raw.handshake;
        }
    }

    public Handshake handshake() {
        return handshake;
    }

    /** Writes one frame exactly as described; a client must mask, so {@code masked=false} breaks the protocol. */
    public RawWebSocket sendFrame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked)
            throws IOException {
        return sendBytes(frame(fin, rsv, opcode, payload, masked));
    }

    /** The bytes of one frame exactly as described (RFC 6455 §5.2), for writing whole or in pieces. */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0xF));
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift));
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i % 4];
            }
        }
        frame.writeBytes(body);
        return frame.toByteArray();
    }

    /** A well-formed, masked, unfragmented frame. */
    public RawWebSocket send(int opcode, byte[] payload) throws IOException {
        return sendFrame(true, 0, opcode, payload, true);
    }

    public RawWebSocket sendText(String text) throws IOException {
        return send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public RawWebSocket sendClose(int code, String reason) throws IOException {
        return sendClose(code, reason.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame whose reason is any bytes, e.g. invalid UTF-8. */
    public RawWebSocket sendClose(int code, byte[] reason) throws IOException {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return send(CLOSE, payload);
    }

    /** Writes raw bytes, e.g. half a frame before a reset. */
    public RawWebSocket sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((second & 0x80) != 0) {
            throw new GarbledException("the server masked a frame (RFC 6455 §5.1 forbids it)");
        }
        if (length > MAX_FRAME_BYTES || length < 0) {
            throw new GarbledException("a frame of " + length + " bytes, more than the server ever sends");
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, (first >>> 4) & 0x7, first & 0xF, payload);
    }

    /**
     * Reads one whole data message: a text or binary frame and its continuations up to FIN, payloads joined.
     * Control frames between them are not expected here and fail the read.
     */
    public Frame readMessage() throws IOException {
        return readRestOf(readFrame());
    }

    /** As {@link #readMessage()}, for a message whose first frame the caller has read already. */
    public Frame readRestOf(Frame first) throws IOException {
        if (first.opcode() != TEXT && first.opcode() != BINARY) {
            throw new IOException("expected a text or binary frame, got opcode 0x" + Integer.toHexString(first.opcode())
                    + (first.opcode() == CLOSE ? " (close " + first.closeCode() + " \"" + first.text().substring(
                            Math.min(2, first.payload().length)) + "\")" : ""));
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(first.payload());
        for (Frame frame = first; !frame.fin(); ) {
            frame = readFrame();
            if (frame.opcode() != CONTINUATION) {
                throw new IOException("expected a continuation frame, got opcode 0x" + Integer.toHexString(frame.opcode()));
            }
            payload.writeBytes(frame.payload());
        }
        return new Frame(true, first.rsv(), first.opcode(), payload.toByteArray());
    }

    /**
     * Reads until the server's close frame and answers its code, skipping data and control frames before it;
     * 1006 if the server dropped the connection without a close frame.
     */
    public int awaitCloseCode() throws IOException {
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode() == CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (EOFException | SocketException e) {
            return 1006;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no close from the server within " + TestClient.TIMEOUT, e);
        }
    }

    /** Ends the connection with a TCP reset instead of a close handshake. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static Handshake readResponseHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake response");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new Handshake(status, headers);
    }
}
