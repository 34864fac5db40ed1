package io.echopush.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The send chains one fan-out must start, in executor tasks of {@value #PER_TASK} sessions: a task per session cost
 * as much as the sends (docs/benchmarks.md). Not thread-safe: one fan-out, one caller.
 */
public final class SendStarts {

    static final int PER_TASK = 64;

    private final Executor executor;
    private List<SessionSender> batch = new ArrayList<>();

    public SendStarts(Executor executor) {
        this.executor = executor;
    }

    void add(SessionSender sender) {
        batch.add(sender);
        if (batch.size() == PER_TASK) {
            start();
        }
    }

    /** Starts what was added so far (the caller calls it once its fan-out is done, outside any lock). */
    public void start() {
        if (batch.isEmpty()) {
            return;
        }
        List<SessionSender> senders = batch;
        batch = new ArrayList<>();
        executor.execute(() -> senders.forEach(SessionSender::startSending));
    }
}
