package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import io.echopush.testing.ServerMetrics;
import org.junit.jupiter.api.Test;

/**
 * Without a rules file nothing changes for existing users: an anonymous client subscribes to, publishes to and reads
 * the history of any topic; {@code clock} is refused as before (the server's own topic, not a rule); nothing counted.
 */
class DefaultTopicRulesIT extends BuiltWarTest {

    @Test
    void anonymousMayDoAnythingButPublishToClock() {
        AppUrls urls = AppUrls.of(base);
        String scrapeBefore = ServerMetrics.scrape(urls);
        try (PushClient anonymous = PushClient.connect(urls)) {
            assertEquals(1, anonymous.subscribe("orders.audit"));
            anonymous.publish("orders.audit", IntNode.valueOf(7));
            assertEquals(7, anonymous.next("message").get("data").asInt());
            anonymous.send("{\"type\":\"history\",\"topic\":\"orders.audit\",\"id\":1}");
            assertEquals("history", anonymous.next().get("type").asText());
            anonymous.send("{\"type\":\"publish\",\"topic\":\"clock\",\"data\":1,\"id\":2}");
            JsonNode error = anonymous.next("error");
            assertEquals("\"clock\" is published by the server only", error.get("reason").asText());
            assertEquals(1, anonymous.subscribe("clock"));
        }
        String scrape = ServerMetrics.scrape(urls);
        for (String action : new String[] {"subscribe", "publish", "history"}) {
            String sample = "echopush_refusals_total{action=\"" + action + "\",reason=\"forbidden\"} ";
            assertEquals(line(scrapeBefore, sample), line(scrape, sample), action);
        }
        assertFalse(line(scrape, "echopush_refusals_total{action=\"subscribe\"").isEmpty());
    }

    private static String line(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }
}
