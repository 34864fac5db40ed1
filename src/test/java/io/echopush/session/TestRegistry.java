package io.echopush.session;

import io.echopush.metrics.Metrics;
import io.echopush.outbound.OutboundLimits;

/** The registry the session tests share: sends run inline, caps of 3 in total and 2 per address. */
final class TestRegistry {

    private TestRegistry() {
    }

    static SessionRegistry create() {
        return new SessionRegistry(new OutboundLimits(16, 1 << 16, 1_000), new OutboundLimits(16, 1 << 16, 1_000),
                Runnable::run, Runnable::run, new Metrics(10), new ConnectionCaps(3, 2), () -> { });
    }
}
