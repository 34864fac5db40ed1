package io.echopush.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * Requests the topic rules refused, by action: a client probing topics it may not use shows here; and access tokens
 * issued and refused, by reason: forged or stale tokens show here.
 */
final class AccessMeters {

    private final Counter refusals;
    private final Counter tokensIssued;
    private final Counter tokenRefusals;

    AccessMeters(PrometheusRegistry registry, List<String> actions, List<String> tokenReasons) {
        refusals = Counter.builder().withoutExemplars().name("echopush_refusals_total")
                .help("Subscribes, publishes and history reads the topic rules refused, by action and reason.")
                .labelNames("action", "reason").register(registry);
        for (String action : actions) {
            refusals.labelValues(action, "forbidden");
        }
        tokensIssued = Counter.builder().withoutExemplars().name("echopush_tokens_issued_total")
                .help("Access tokens issued by POST /api/tokens.").register(registry);
        tokenRefusals = Counter.builder().withoutExemplars().name("echopush_token_refusals_total")
                .help("Access tokens refused on /push, by reason.").labelNames("reason").register(registry);
        for (String reason : tokenReasons) {
            tokenRefusals.labelValues(reason);
        }
    }

    void forbidden(String action) {
        refusals.labelValues(action, "forbidden").inc();
    }

    void tokenIssued() {
        tokensIssued.inc();
    }

    void tokenRefused(String reason) {
        tokenRefusals.labelValues(reason).inc();
    }
}
