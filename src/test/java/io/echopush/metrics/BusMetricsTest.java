package io.echopush.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.bus.BusObserver;
import io.echopush.topic.TopicRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** /metrics shows the bus: the local one always connected, a Redis one as it reports. */
class BusMetricsTest {

    @Test
    void theBusStateAndCountsAreInTheScrape() throws IOException {
        Metrics metrics = new Metrics(10, "push");
        new TopicRegistry(10, metrics, Clock.systemUTC()); // the default, local bus
        BusObserver redis = metrics.bus("redis");
        redis.connected(true);
        redis.sent();
        redis.missed(3);
        redis.reconnected();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        String scrape = out.toString(StandardCharsets.UTF_8);
        assertTrue(scrape.contains("echopush_bus_connected{bus=\"local\"} 1.0"), scrape);
        assertTrue(scrape.contains("echopush_bus_connected{bus=\"redis\"} 1.0"), scrape);
        assertTrue(scrape.contains("echopush_bus_messages_total{outcome=\"sent\"} 1.0"), scrape);
        assertTrue(scrape.contains("echopush_bus_messages_total{outcome=\"missed\"} 3.0"), scrape);
        assertTrue(scrape.contains("echopush_bus_reconnects_total{bus=\"redis\"} 1.0"), scrape);
    }
}
