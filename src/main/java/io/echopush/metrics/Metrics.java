package io.echopush.metrics;

import io.echopush.bus.BusObserver;
import io.echopush.outbound.OutboundObserver;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The operator's figures, in a Prometheus registry of this deployment's own: the library's static default would
 * outlive a redeploy. Every label set is bounded, and no metric keeps exemplars (their sampler's thread outlives
 * an undeploy).
 */
public final class Metrics {

    /** Why a token is refused (the access package's reasons), listed with zeros from the start. */
    public static final List<String> TOKEN_REFUSALS = List.of("disabled", "malformed", "algorithm", "signature",
            "expired", "not_yet_valid", "claims");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SessionMeters sessions;
    private final MessageMeters messages;
    private final TopicMeters topics;
    private final BusMeters buses;
    private final AccessMeters access;

    /** @param endpoints listed with zeros from the start, so that a scrape always shows every endpoint */
    public Metrics(int maxTopicLabels, String... endpoints) {
        sessions = new SessionMeters(registry, endpoints);
        messages = new MessageMeters(registry, endpoints);
        topics = new TopicMeters(registry, maxTopicLabels);
        buses = new BusMeters(registry);
        access = new AccessMeters(registry, List.of("subscribe", "publish", "history"), TOKEN_REFUSALS);
        // a leak of threads shows here first (the fuzz pass checks it); the server's, not only ours
        GaugeWithCallback.builder().name("echopush_jvm_threads").help("Live threads in the server's JVM.")
                .callback(callback -> callback.call(ManagementFactory.getThreadMXBean().getThreadCount()))
                .register(registry);
    }

    /** Registers the per-topic subscriber gauge; {@code counts} answers subscribers per topic right now. */
    public void watchSubscribers(Supplier<Map<String, Integer>> counts) {
        topics.watchSubscribers(counts);
    }

    /** Registers the gauge of the bytes all topics' histories hold, which {@code bytes} answers. */
    public void watchHistory(LongSupplier bytes) {
        topics.watchHistory(bytes);
    }

    /** What the bus named {@code bus} ({@code local} or {@code redis}) reports. */
    public BusObserver bus(String bus) {
        return buses.bus(bus);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void opened(String endpoint) {
        sessions.opened(endpoint);
    }

    public void left(String endpoint) {
        sessions.left(endpoint);
    }

    public void closed(int code) {
        sessions.closed(code);
    }

    public void refused(String cap) {
        sessions.refused(cap);
    }

    /** The topic rules refused {@code action} ({@code subscribe}, {@code publish} or {@code history}). */
    public void forbidden(String action) {
        access.forbidden(action);
    }

    public void tokenIssued() {
        access.tokenIssued();
    }

    /** A token was refused for {@code reason}, one of {@link #TOKEN_REFUSALS}. */
    public void tokenRefused(String reason) {
        access.tokenRefused(reason);
    }

    public void received(String endpoint) {
        messages.received(endpoint);
    }

    public void published(String topic) {
        topics.published(topic);
    }

    /** What the outbound queues of {@code endpoint}'s sessions report. */
    public OutboundObserver outbound(String endpoint) {
        return messages.outbound(endpoint);
    }
}
