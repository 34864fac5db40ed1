package io.echopush.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The frame of every raw-frame conformance case: a polite client (the bystander) is connected before a raw
 * client misbehaves, and must still echo after the offender is gone, because one connection breaking the
 * protocol must never touch another.
 */
public final class RawConformance {

    /** What a raw client does on its connection; assertions included. */
    @FunctionalInterface
    public interface RawScript {
        void run(RawWebSocket raw) throws Exception;
    }

    /** RFC 6455 §7.4.1: reserved for reporting, never to be put in a close frame. */
    private static final Set<Integer> NEVER_SENT = Set.of(1005, 1006, 1015);

    private RawConformance() {
    }

    /** Runs {@code script} on a fresh raw connection to {@code endpoint} while a bystander is connected there. */
    public static void withBystander(URI endpoint, RawScript script) throws Exception {
        try (TestClient bystander = TestClient.connect(endpoint)) {
            bystander.assertEchoes("bystander before");
            try (RawWebSocket raw = RawWebSocket.open(endpoint)) {
                assertEquals(101, raw.handshake().status(), "the raw client's handshake was refused");
                script.run(raw);
            }
            bystander.assertEchoes("bystander after");
        }
    }

    /** The offence must get the offender a close frame carrying {@code expected}; the bystander must not notice. */
    public static void assertClosedWith(URI endpoint, int expected, RawScript offence) throws Exception {
        withBystander(endpoint, raw -> {
            offence.run(raw);
            assertServerCloses(expected, raw);
        });
    }

    /**
     * Reads up to the server's close frame and asserts its code. A server that fails the connection must still
     * send a close frame first (RFC 6455 §7.1.7), so a bare TCP close (1006 here) fails, as does any code
     * reserved by §7.4.1.
     */
    public static void assertServerCloses(int expected, RawWebSocket raw) throws IOException {
        int code = raw.awaitCloseCode();
        assertNotEquals(1006, code, "the server dropped the connection without a close frame");
        assertFalse(NEVER_SENT.contains(code), "the server sent reserved close code " + code + " on the wire");
        assertEquals(expected, code, "close code from the server");
    }

    /** Echoes one byte: then the session is surely open on the server (and counted in its metrics). */
    public static void awaitEcho(RawWebSocket raw) throws IOException {
        raw.send(RawWebSocket.BINARY, new byte[] {42});
        assertArrayEquals(new byte[] {42}, raw.readMessage().payload(), "the first echo");
    }

    /** Bytes from ints, for writing invalid UTF-8 and the like legibly. */
    public static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** ASCII {@code prefix} followed by raw {@code suffix} bytes. */
    public static byte[] ascii(String prefix, int... suffix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes(suffix));
        return out.toByteArray();
    }
}
