package io.echopush.metrics;

import io.echopush.bus.BusObserver;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Whether the bus between nodes is up and what went through it, for the operator of several nodes. */
final class BusMeters {

    private final Gauge busConnected;
    private final Counter busMessages;
    private final Counter busReconnects;

    BusMeters(PrometheusRegistry registry) {
        busConnected = Gauge.builder().withoutExemplars().name("echopush_bus_connected")
                .help("1 while the bus to other nodes can carry messages both ways (always 1 for the local bus),"
                        + " else 0; by bus.")
                .labelNames("bus").register(registry);
        busMessages = Counter.builder().withoutExemplars().name("echopush_bus_messages_total")
                .help("Messages through the broker: sent (stored, positioned), received (from its channel), dropped"
                        + " (not stored: broker away, this node's subscribers only), recovered (caught up from its"
                        + " history), missed (positions no longer kept when this node caught up).")
                .labelNames("outcome").register(registry);
        busReconnects = Counter.builder().withoutExemplars().name("echopush_bus_reconnects_total")
                .help("Connections to the broker made again after one was lost, by bus.").labelNames("bus")
                .register(registry);
    }

    BusObserver bus(String bus) {
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
}
