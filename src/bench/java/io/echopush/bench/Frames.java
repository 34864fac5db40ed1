package io.echopush.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 6455 framing for the load generator's WebSocket client ({@link Conn}): masked frames out, whole frames in. */
final class Frames {

    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Hears one whole frame from the server (never masked). */
    interface Sink {
        void onFrame(boolean fin, int opcode, byte[] payload);
    }

    private Frames() {
    }

    /**
     * Cuts {@code data} (after {@code partial}, what was left of the last read) into frames for {@code sink};
     * answers the bytes of an unfinished frame, to be given back as {@code partial} with the next read.
     */
    static ByteBuffer cut(ByteBuffer partial, ByteBuffer data, Sink sink) {
        ByteBuffer bytes = data;
        if (partial.hasRemaining()) {
            bytes = ByteBuffer.allocate(partial.remaining() + data.remaining()).put(partial).put(data).flip();
        }
        while (bytes.remaining() >= 2) {
            int start = bytes.position();
            int first = bytes.get() & 0xFF;
            int second = bytes.get() & 0x7F; // servers never mask
            long length = second;
            if (second == 126) {
                if (bytes.remaining() < 2) {
                    bytes.position(start);
                    break;
                }
                length = bytes.getShort() & 0xFFFF;
            } else if (second == 127) {
                if (bytes.remaining() < 8) {
                    bytes.position(start);
                    break;
                }
                length = bytes.getLong();
            }
            if (bytes.remaining() < length) {
                bytes.position(start);
                break;
            }
            byte[] payload = new byte[(int) length];
            bytes.get(payload);
            sink.onFrame((first & 0x80) != 0, first & 0x0F, payload);
        }
        return bytes.hasRemaining() ? ByteBuffer.allocate(bytes.remaining()).put(bytes).flip() : EMPTY;
    }

    /** A client frame: masked as RFC 6455 requires, with a random key per frame. */
    static ByteBuffer masked(int opcode, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        frame.putInt(mask);
        byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ key[i & 3]));
        }
        return frame.flip();
    }
}
