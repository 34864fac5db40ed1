package io.echopush.metrics;

import io.echopush.outbound.OutboundObserver;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Messages in and out of each endpoint's sessions, and how deep their outbound queues got. */
final class MessageMeters {

    private final Map<String, AtomicInteger> queueHighWater = new ConcurrentHashMap<>();
    private final Counter received;
    private final Counter sent;
    private final Counter dropped;
    private final Counter sendFailures;

    MessageMeters(PrometheusRegistry registry, String... endpoints) {
        received = Counter.builder().withoutExemplars().name("echopush_messages_received_total")
                .help("Whole messages received from clients, by endpoint.").labelNames("endpoint").register(registry);
        sent = Counter.builder().withoutExemplars().name("echopush_messages_sent_total")
                .help("Messages written to clients, by endpoint.").labelNames("endpoint").register(registry);
        dropped = Counter.builder().withoutExemplars().name("echopush_messages_dropped_total")
                .help("Messages dropped from slow clients' outbound queues, by endpoint.").labelNames("endpoint")
                .register(registry);
        sendFailures = Counter.builder().withoutExemplars().name("echopush_send_failures_total")
                .help("Sends that failed on an open session, which was then closed, by endpoint.")
                .labelNames("endpoint").register(registry);
        for (String endpoint : endpoints) {
            received.labelValues(endpoint);
            outbound(endpoint);
        }
        GaugeWithCallback.builder().name("echopush_outbound_queue_depth_max")
                .help("Highest number of messages ever waiting in one session's outbound queue, by endpoint.")
                .labelNames("endpoint")
                .callback(callback -> queueHighWater.forEach((endpoint, max) -> callback.call(max.get(), endpoint)))
                .register(registry);
    }

    void received(String endpoint) {
        received.labelValues(endpoint).inc();
    }

    OutboundObserver outbound(String endpoint) {
        CounterDataPoint sentHere = sent.labelValues(endpoint);
        CounterDataPoint droppedHere = dropped.labelValues(endpoint);
        CounterDataPoint failedHere = sendFailures.labelValues(endpoint);
        AtomicInteger highWater = queueHighWater.computeIfAbsent(endpoint, e -> new AtomicInteger());
        return new OutboundObserver() {
            @Override
            public void sent() {
                sentHere.inc();
            }

            @Override
            public void dropped(int count) {
                droppedHere.inc(count);
            }

            @Override
            public void sendFailed() {
                failedHere.inc();
            }

            @Override
            public void queueDepth(int depth) {
                highWater.accumulateAndGet(depth, Math::max);
            }
        };
    }
}
