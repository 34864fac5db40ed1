package io.echopush.testing;

import io.echopush.config.Setting;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * One message far over the limit, written by its own thread while this one reads: a server may refuse it after
 * its first bytes, send its close and cut the connection, and the close frame must be seen all the same (a client
 * that only reads after writing would see the cut instead).
 */
public final class Oversize {

    /**
     * Tyrus (GlassFish, Payara) may stop reading a frame over its buffer without refusing it (two CI runs): the
     * close then comes from the heartbeat's dead-peer timeout plus at most a heartbeat round (7.5 s by default;
     * docs/containers.md), so the wait is that timeout and 45 s more.
     */
    static final Duration REFUSAL_TIMEOUT = Duration.ofMillis(
            Long.parseLong(Setting.DEAD_PEER_TIMEOUT_MILLIS.defaultValue())).plusSeconds(45);

    private Oversize() {
    }

    /**
     * Sends a message of {@code bytes} ('a's) of type {@code opcode} to {@code endpoint}, in frames of at most
     * {@code frameBytes} (0: one frame), and answers the close frame the server sent.
     */
    public static RawWebSocket.Frame closeFor(URI endpoint, int opcode, int bytes, int frameBytes) throws Exception {
        byte[] message = new byte[bytes];
        Arrays.fill(message, (byte) 'a');
        int step = frameBytes == 0 ? bytes : frameBytes;
        try (RawWebSocket raw = RawWebSocket.open(endpoint, Map.of())) {
            if (raw.handshake().status() != 101) {
                throw new AssertionError("handshake answered " + raw.handshake().status());
            }
            raw.readTimeout(REFUSAL_TIMEOUT);
            Thread writer = new Thread(() -> {
                try {
                    for (int offset = 0; offset < bytes; offset += step) {
                        int end = Math.min(bytes, offset + step);
                        raw.sendBytes(RawWebSocket.frame(end == bytes, 0, offset == 0 ? opcode : RawWebSocket.CONTINUATION,
                                Arrays.copyOfRange(message, offset, end), true));
                    }
                } catch (IOException e) {
                    // the server closed before the whole message was written: what is read tells how
                }
            }, "oversize-writer");
            writer.start();
            try {
                return awaitClose(raw);
            } finally {
                raw.close(); // a writer still blocked fails now
                writer.join();
            }
        }
    }

    private static RawWebSocket.Frame awaitClose(RawWebSocket raw) throws IOException {
        try {
            while (true) {
                RawWebSocket.Frame frame = raw.readFrame();
                if (frame.opcode() == RawWebSocket.CLOSE) {
                    return frame;
                }
            }
        } catch (EOFException | SocketException e) {
            throw new AssertionError("the server dropped the connection without a close frame", e);
        }
    }
}
