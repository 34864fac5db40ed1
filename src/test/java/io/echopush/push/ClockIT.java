package io.echopush.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.topic.ClockPublisher;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The built-in topic {@code clock}: the server pushes the time every second to its subscribers, unasked. */
class ClockIT extends BuiltWarTest {

    @Test
    void subscribersGetATickEverySecondWithTheSameSeqForAll() {
        AppUrls urls = AppUrls.of(base);
        try (PushClient first = PushClient.connect(urls); PushClient second = PushClient.connect(urls)) {
            first.subscribe(ClockPublisher.TOPIC);
            second.subscribe(ClockPublisher.TOPIC);
            JsonNode[] ticks = new JsonNode[3];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = first.next("message");
                assertEquals("clock", ticks[i].get("topic").asText());
                assertEquals(1, ticks[i].get("data").size(), "data is {\"time\": ...}");
                Instant.parse(ticks[i].get("data").get("time").asText());
                if (i > 0) {
                    assertEquals(ticks[i - 1].get("seq").asLong() + 1, ticks[i].get("seq").asLong());
                }
            }
            Duration span = Duration.between(time(ticks[0]), time(ticks[2]));
            assertTrue(span.compareTo(Duration.ofMillis(1500)) >= 0 && span.compareTo(Duration.ofSeconds(4)) <= 0,
                    "two intervals of about a second: " + span);

            // The second subscriber sees the same ticks: one publish, the same seq for everyone.
            long seq = ticks[2].get("seq").asLong();
            JsonNode tick;
            do {
                tick = second.next("message");
            } while (tick.get("seq").asLong() < seq);
            assertEquals(ticks[2], tick);
        }
    }

    @Test
    void clientsCannotPublishToTheClock() {
        try (PushClient client = PushClient.connect(AppUrls.of(base))) {
            client.publish(ClockPublisher.TOPIC, PushClient.read("{\"time\":\"fake\"}"));
            assertTrue(client.next("error").get("reason").asText().contains("server only"));
        }
    }

    private static Instant time(JsonNode tick) {
        return Instant.parse(tick.get("data").get("time").asText());
    }
}
