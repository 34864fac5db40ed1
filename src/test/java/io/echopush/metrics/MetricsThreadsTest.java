package io.echopush.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** reliability case 30: the metrics start no thread of their own, which an undeploy could not stop. */
class MetricsThreadsTest {

    @Test
    void usingEveryMetricStartsNoThread() {
        Metrics metrics = new Metrics(10, "echo", "push");
        metrics.opened("echo");
        metrics.received("echo");
        metrics.outbound("echo").sent();
        metrics.outbound("echo").dropped(1);
        metrics.closed(1000);
        metrics.refused("total");
        metrics.published("t");
        metrics.left("echo");
        metrics.registry().scrape();

        // The Prometheus client's exemplar sampler would start "prometheus-metrics-scheduler-0" (static, for good).
        List<String> prometheusThreads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("prometheus")).toList();
        assertEquals(List.of(), prometheusThreads);
    }
}
