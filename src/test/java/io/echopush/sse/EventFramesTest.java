package io.echopush.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** push.v1 messages as events: what EventSource needs to hand a page exactly the JSON /push would have sent. */
class EventFramesTest {

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Test
    void aMessageIsAnUnnamedEventWithItsIdAndTheJsonAsData() {
        String json = "{\"type\":\"message\",\"topic\":\"t\",\"data\":\"é 😀 \u2028\",\"epoch\":\"e\",\"seq\":3}";
        assertEquals("id: t:e:3\ndata: " + json + "\n\n", text(EventFrames.event(json, "t:e:3")));
    }

    @Test
    void everyOtherTypeIsAnEventOfThatNameAndAnIdOnlyWhereTheCursorMoved() {
        assertEquals("event: presence\ndata: {\"type\":\"presence\",\"topic\":\"t\",\"subscribers\":2}\n\n",
                text(EventFrames.event("{\"type\":\"presence\",\"topic\":\"t\",\"subscribers\":2}", null)));
        assertEquals("event: dropped\ndata: {\"type\":\"dropped\",\"count\":5}\n\n",
                text(EventFrames.event("{\"type\":\"dropped\",\"count\":5}", null)));
    }

    @Test
    void aLineBreakCouldNeverEndTheEventEarly() {
        // Compact JSON has none; were one there, each line is its own data line, which EventSource joins with \n.
        assertEquals("data: {\"type\":\"message\",\ndata: \"x\":1}\n\n",
                text(EventFrames.event("{\"type\":\"message\",\n\"x\":1}", null)));
        assertEquals("data: {\"type\":\"message\",\ndata: \ndata: 1}\n\n",
                text(EventFrames.event("{\"type\":\"message\",\r\n\r1}", null)));
    }

    @Test
    void theCloseEventSaysWhyTheServerEndedTheStream() {
        assertEquals("event: close\ndata: {\"type\":\"close\",\"code\":1001,\"reason\":\"Server shutting down\"}\n\n",
                text(EventFrames.close(1001, "Server shutting down")));
    }

    @Test
    void thePreambleSetsTheReconnectDelayAndTheHeartbeatIsAComment() {
        assertEquals("retry: 3000\n: echo-push push.v1 events\n\n", text(EventFrames.preamble(3000)));
        assertEquals(": heartbeat\n\n", text(EventFrames.heartbeat()));
    }
}
