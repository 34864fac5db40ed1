package io.echopush.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Publishes, subscribers and history per topic, under a bounded number of topic labels. */
final class TopicMeters {

    private final PrometheusRegistry registry;
    private final TopicLabels topicLabels;
    private final Counter publishes;

    TopicMeters(PrometheusRegistry registry, int maxTopicLabels) {
        this.registry = registry;
        this.topicLabels = new TopicLabels(maxTopicLabels);
        publishes = Counter.builder().withoutExemplars().name("echopush_publishes_total")
                .help("Messages published, by topic (topics past the label limit count as _other).")
                .labelNames("topic").register(registry);
    }

    void published(String topic) {
        publishes.labelValues(topicLabels.label(topic)).inc();
    }

    void watchSubscribers(Supplier<Map<String, Integer>> counts) {
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

    void watchHistory(LongSupplier bytes) {
        GaugeWithCallback.builder().name("echopush_history_bytes")
                .help("Bytes of messages all topics' histories keep now (bounded by echopush.history.max-bytes).")
                .callback(callback -> callback.call(bytes.getAsLong()))
                .register(registry);
    }
}
