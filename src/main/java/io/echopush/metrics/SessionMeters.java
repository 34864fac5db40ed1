package io.echopush.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Sessions opening, closing and refused: how many are open now and how they ended. */
final class SessionMeters {

    private final Gauge sessionsOpen;
    private final Counter closes;
    private final Counter refused;

    SessionMeters(PrometheusRegistry registry, String... endpoints) {
        sessionsOpen = Gauge.builder().withoutExemplars().name("echopush_sessions_open")
                .help("WebSocket sessions open now, by endpoint.").labelNames("endpoint").register(registry);
        closes = Counter.builder().withoutExemplars().name("echopush_closes_total")
                .help("Sessions closed, by close code (3xxx and 4xxx grouped).").labelNames("code").register(registry);
        refused = Counter.builder().withoutExemplars().name("echopush_connections_refused_total")
                .help("WebSocket connections refused for a connection cap, by cap (total or address).")
                .labelNames("cap").register(registry);
        for (String endpoint : endpoints) {
            sessionsOpen.labelValues(endpoint);
        }
        refused.labelValues("total");
        refused.labelValues("address");
    }

    void opened(String endpoint) {
        sessionsOpen.labelValues(endpoint).inc();
    }

    void left(String endpoint) {
        sessionsOpen.labelValues(endpoint).dec();
    }

    void closed(int code) {
        closes.labelValues(codeLabel(code)).inc();
    }

    void refused(String cap) {
        refused.labelValues(cap).inc();
    }

    /** Application close codes are the clients' to choose: grouped, so that they cannot grow the scrape. */
    static String codeLabel(int code) {
        if (code >= 3000 && code <= 4999) {
            return code / 1000 + "xxx";
        }
        return Integer.toString(code);
    }
}
