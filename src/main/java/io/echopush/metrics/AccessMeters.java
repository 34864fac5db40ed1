package io.echopush.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Requests the topic rules refused, by action: a client probing topics it may not use shows here. */
final class AccessMeters {

    private final Counter refusals;

    AccessMeters(PrometheusRegistry registry, String... actions) {
        refusals = Counter.builder().withoutExemplars().name("echopush_refusals_total")
                .help("Subscribes, publishes and history reads the topic rules refused, by action and reason.")
                .labelNames("action", "reason").register(registry);
        for (String action : actions) {
            refusals.labelValues(action, "forbidden");
        }
    }

    void forbidden(String action) {
        refusals.labelValues(action, "forbidden").inc();
    }
}
