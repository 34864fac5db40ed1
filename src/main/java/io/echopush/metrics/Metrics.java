package io.echopush.metrics;

import io.echopush.bus.BusObserver;
import io.echopush.outbound.OutboundObserver;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The operator's figures, kept in a Prometheus registry of this deployment's own (not the library's static
 * default one, which would outlive a redeploy). Every label set is bounded: endpoints are ours, close codes
 * are grouped above 2999, and topics beyond a configured number share one label. No metric keeps exemplars:
 * their sampler starts the library's static scheduler thread, which no undeploy stops.
 */
public final class Metrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final TopicLabels topicLabels;
    private final Map<String, AtomicInteger> queueHighWater = new ConcurrentHashMap<>();

    private final Gauge sessionsOpen = Gauge.builder().withoutExemplars().name("echopush_sessions_open")
            .help("WebSocket sessions open now, by endpoint.").labelNames("endpoint").register(registry);
    private final Counter received = Counter.builder().withoutExemplars().name("echopush_messages_received_total")
            .help("Whole messages received from clients, by endpoint.").labelNames("endpoint").register(registry);
    private final Counter sent = Counter.builder().withoutExemplars().name("echopush_messages_sent_total")
            .help("Messages written to clients, by endpoint.").labelNames("endpoint").register(registry);
    private final Counter dropped = Counter.builder().withoutExemplars().name("echopush_messages_dropped_total")
            .help("Messages dropped from slow clients' outbound queues, by endpoint.").labelNames("endpoint")
            .register(registry);
    private final Counter sendFailures = Counter.builder().withoutExemplars().name("echopush_send_failures_total")
            .help("Sends that failed on an open session, which was then closed, by endpoint.").labelNames("endpoint")
            .register(registry);
    private final Counter closes = Counter.builder().withoutExemplars().name("echopush_closes_total")
            .help("Sessions closed, by close code (3xxx and 4xxx grouped).").labelNames("code").register(registry);
    private final Counter refused = Counter.builder().withoutExemplars().name("echopush_connections_refused_total")
            .help("WebSocket connections refused for a connection cap, by cap (total or address).")
            .labelNames("cap").register(registry);
    private final Counter publishes = Counter.builder().withoutExemplars().name("echopush_publishes_total")
            .help("Messages published, by topic (topics past the label limit count as _other).")
            .labelNames("topic").register(registry);

    private final Gauge busConnected = Gauge.builder().withoutExemplars().name("echopush_bus_connected")
            .help("1 while the bus to other nodes can carry messages both ways (always 1 for the local bus), else 0; by bus.")
            .labelNames("bus").register(registry);
    private final Counter busMessages = Counter.builder().withoutExemplars().name("echopush_bus_messages_total")
            .help("Messages through the broker: sent (stored, positioned), received (from its channel), dropped (not"
                    + " stored: broker away, this node's subscribers only), recovered (caught up from its history),"
                    + " missed (positions no longer kept when this node caught up).")
            .labelNames("outcome").register(registry);
    private final Counter busReconnects = Counter.builder().withoutExemplars().name("echopush_bus_reconnects_total")
            .help("Connections to the broker made again after one was lost, by bus.").labelNames("bus")
            .register(registry);

    /** @param endpoints listed with zeros from the start, so that a scrape always shows every endpoint */
    public Metrics(int maxTopicLabels, String... endpoints) {
        this.topicLabels = new TopicLabels(maxTopicLabels);
        for (String endpoint : endpoints) {
            sessionsOpen.labelValues(endpoint);
            received.labelValues(endpoint);
            outbound(endpoint);
        }
        refused.labelValues("total");
        refused.labelValues("address");
        GaugeWithCallback.builder().name("echopush_outbound_queue_depth_max")
                .help("Highest number of messages ever waiting in one session's outbound queue, by endpoint.")
                .labelNames("endpoint")
                .callback(callback -> queueHighWater.forEach((endpoint, max) -> callback.call(max.get(), endpoint)))
                .register(registry);
        // a leak of threads shows here first (the fuzz pass checks it); the server's, not only ours
        GaugeWithCallback.builder().name("echopush_jvm_threads").help("Live threads in the server's JVM.")
                .callback(callback -> callback.call(ManagementFactory.getThreadMXBean().getThreadCount()))
                .register(registry);
    }

    /** Registers the per-topic subscriber gauge; {@code counts} answers subscribers per topic right now. */
    public void watchSubscribers(Supplier<Map<String, Integer>> counts) {
        GaugeWithCallback.builder().name("echopush_topic_subscribers")
                .help("Subscribers per topic now (topics past the label limit summed as _other).")
                .labelNames("topic")
                .callback(callback -> {
                    Map<String, Integer> byLabel = new HashMap<>();
                    counts.get().forEach((topic, n) -> byLabel.merge(topicLabels.label(topic), n, Integer::sum));
                    byLabel.forEach((label, n) -> callback.call(n, label));
                })
                .register(registry);
    }

    /** Registers the gauge of the bytes all topics' histories hold, which {@code bytes} answers. */
    public void watchHistory(LongSupplier bytes) {
        GaugeWithCallback.builder().name("echopush_history_bytes")
                .help("Bytes of messages all topics' histories keep now (bounded by echopush.history.max-bytes).")
                .callback(callback -> callback.call(bytes.getAsLong()))
                .register(registry);
    }

    /** What the bus named {@code bus} ({@code local} or {@code redis}) reports. */
    public BusObserver bus(String bus) {
        GaugeDataPoint connected = busConnected.labelValues(bus);
        CounterDataPoint sentOut = busMessages.labelValues("sent");
        CounterDataPoint receivedIn = busMessages.labelValues("received");
        CounterDataPoint droppedOut = busMessages.labelValues("dropped");
        CounterDataPoint missedIn = busMessages.labelValues("missed");
        CounterDataPoint recoveredIn = busMessages.labelValues("recovered");
        CounterDataPoint reconnects = busReconnects.labelValues(bus);
        return new BusObserver() {
            @Override
            public void connected(boolean up) {
                connected.set(up ? 1 : 0);
            }

            @Override
            public void sent() {
                sentOut.inc();
            }

            @Override
            public void received() {
                receivedIn.inc();
            }

            @Override
            public void dropped() {
                droppedOut.inc();
            }

            @Override
            public void recovered(long count) {
                recoveredIn.inc(count);
            }

            @Override
            public void missed(long count) {
                missedIn.inc(count);
            }

            @Override
            public void reconnected() {
                reconnects.inc();
            }
        };
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void opened(String endpoint) {
        sessionsOpen.labelValues(endpoint).inc();
    }

    public void left(String endpoint) {
        sessionsOpen.labelValues(endpoint).dec();
    }

    public void closed(int code) {
        closes.labelValues(codeLabel(code)).inc();
    }

    public void refused(String cap) {
        refused.labelValues(cap).inc();
    }

    public void received(String endpoint) {
        received.labelValues(endpoint).inc();
    }

    public void published(String topic) {
        publishes.labelValues(topicLabels.label(topic)).inc();
    }

    /** What the outbound queues of {@code endpoint}'s sessions report. */
    public OutboundObserver outbound(String endpoint) {
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

    static String codeLabel(int code) {
        if (code >= 3000 && code <= 4999) {
            return code / 1000 + "xxx";
        }
        return Integer.toString(code);
    }
}
