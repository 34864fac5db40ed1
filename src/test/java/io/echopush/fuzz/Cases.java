package io.echopush.fuzz;

import io.echopush.testing.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random and mutated input for one connection, from a seed: push.v1 requests (valid, hostile, broken), their bytes
 * mutated, cut into fragments, and RFC 6455 frames a polite client never sends. Case {@code n} of a seed is always
 * the same, so a failure is reproduced by its seed and number alone.
 */
final class Cases {

    static final String WATCHED = "fuzz-watch";
    private static final String[] TOPICS = {WATCHED, "fuzz-a", "clock", "", "bad topic", "x".repeat(65)};
    private static final String[] TYPES = {"subscribe", "unsubscribe", "publish", "publish", "nope"};
    private static final int[] CLOSE_CODES = {1000, 1001, 1002, 1004, 1005, 1006, 1015, 999, 2999, 3000, 4999, 5000};

    private Cases() {
    }

    /** Case {@code number} of {@code seed}: an endpoint ({@code echo}, {@code push} or {@code api/push}) and frames. */
    static Case generate(long seed, int number, int sizeLimit) {
        Random random = new Random(seed * 1_000_003L + number);
        String endpoint = switch (random.nextInt(5)) {
            case 0 -> "echo";
            case 1 -> "api/push";
            default -> "push";
        };
        List<Frame> frames = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> frames.add(Frame.text(request(random)));
                case 4, 5 -> frames.add(Frame.text(request(random)).withPayload(mutate(request(random), random)));
                case 6 -> frames.addAll(fragments(request(random).getBytes(StandardCharsets.UTF_8), random));
                case 7 -> frames.add(oversized(random, sizeLimit));
                default -> frames.add(protocolAbuse(random));
            }
        }
        return new Case(seed, number, endpoint, frames);
    }

    /** A push.v1 request, often hostile in its data. */
    private static String request(Random random) {
        String data = Json.value(random, 3);
        String id = switch (random.nextInt(5)) {
            case 0 -> ",\"id\":" + random.nextInt();
            case 1 -> ",\"id\":\"" + Json.string(random) + "\"";
            default -> "";
        };
        return "{\"type\":\"" + TYPES[random.nextInt(TYPES.length)] + "\",\"topic\":\""
                + TOPICS[random.nextInt(TOPICS.length)] + "\",\"data\":" + data + id + "}";
    }

    /** The bytes flipped, cut, repeated or spliced with random ones (often no longer UTF-8). */
    private static byte[] mutate(String text, Random random) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int n = 1 + random.nextInt(3); n > 0 && bytes.length > 0; n--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, at);
                case 2 -> bytes[at] = (byte) random.nextInt(256);
                default -> {
                    byte[] longer = new byte[bytes.length + at];
                    System.arraycopy(bytes, 0, longer, 0, bytes.length);
                    System.arraycopy(bytes, 0, longer, bytes.length, at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    /** A message cut into 2–4 fragments anywhere (a UTF-8 sequence split included), a ping now and then between. */
    private static List<Frame> fragments(byte[] message, Random random) {
        List<Frame> frames = new ArrayList<>();
        int parts = 2 + random.nextInt(3);
        int start = 0;
        for (int i = 0; i < parts; i++) {
            int end = i == parts - 1 ? message.length : start + random.nextInt(message.length - start + 1);
            byte[] part = java.util.Arrays.copyOfRange(message, start, end);
            boolean binary = random.nextInt(8) == 0;
            int opcode = i == 0 ? (binary ? RawWebSocket.BINARY : RawWebSocket.TEXT) : RawWebSocket.CONTINUATION;
            frames.add(new Frame(i == parts - 1, 0, opcode, true, part));
            if (random.nextInt(4) == 0) {
                frames.add(new Frame(true, 0, RawWebSocket.PING, true, new byte[random.nextInt(126)]));
            }
            start = end;
        }
        return frames;
    }

    /** A message at the size limit, or one byte over, as text or binary. */
    private static Frame oversized(Random random, int sizeLimit) {
        byte[] payload = new byte[sizeLimit + random.nextInt(2)];
        java.util.Arrays.fill(payload, (byte) 'x');
        return new Frame(true, 0, random.nextBoolean() ? RawWebSocket.TEXT : RawWebSocket.BINARY, true, payload);
    }

    /** What RFC 6455 forbids or a polite client never does. */
    private static Frame protocolAbuse(Random random) {
        byte[] small = new byte[random.nextInt(20)];
        random.nextBytes(small);
        return switch (random.nextInt(9)) {
            case 0 -> new Frame(true, 0, RawWebSocket.TEXT, false, "unmasked".getBytes(StandardCharsets.UTF_8));
            case 1 -> new Frame(true, 1 + random.nextInt(7), RawWebSocket.TEXT, true, small);
            case 2 -> new Frame(true, 0, 3 + random.nextInt(5) + (random.nextBoolean() ? 8 : 0), true, small);
            case 3 -> new Frame(true, 0, RawWebSocket.PING, true, new byte[126 + random.nextInt(100)]);
            case 4 -> new Frame(false, 0, RawWebSocket.PING, true, small);
            case 5 -> new Frame(true, 0, RawWebSocket.CONTINUATION, true, small);
            case 6 -> new Frame(true, 0, RawWebSocket.TEXT, true, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            case 7 -> new Frame(true, 0, RawWebSocket.CLOSE, true, closePayload(random));
            default -> new Frame(true, 0, RawWebSocket.BINARY, true, small);
        };
    }

    private static byte[] closePayload(Random random) {
        if (random.nextInt(4) == 0) {
            return new byte[] {3}; // one byte: no room for a code
        }
        int code = CLOSE_CODES[random.nextInt(CLOSE_CODES.length)];
        byte[] reason = random.nextBoolean() ? new byte[] {(byte) 0xC0, (byte) 0xAF} : "bye".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return payload;
    }
}
