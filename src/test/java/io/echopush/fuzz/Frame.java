package io.echopush.fuzz;

import io.echopush.testing.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** One frame as the fuzzer writes it, exactly: any bits, any opcode, masked or not, any payload. */
record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

    static Frame text(String text) {
        return new Frame(true, 0, RawWebSocket.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    Frame withPayload(byte[] bytes) {
        return new Frame(fin, rsv, opcode, masked, bytes);
    }

    /** How a failure report shows it: flags, then the payload as text when it is printable, else in hex. */
    @Override
    public String toString() {
        String body = new String(payload, StandardCharsets.UTF_8);
        boolean printable = body.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && body.length() == payload.length;
        String shown = printable ? '"' + (body.length() > 300 ? body.substring(0, 300) + "…" : body) + '"'
                : "hex " + HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 200))
                        + (payload.length > 200 ? "…" : "");
        return String.format("{fin=%s rsv=%d opcode=0x%X masked=%s %d bytes %s}", fin, rsv, opcode, masked,
                payload.length, shown);
    }
}
