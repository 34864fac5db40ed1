package io.echopush.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The send chains one fan-out must start, started together after it: a few executor tasks of
 * {@value #PER_TASK} sessions each instead of one task per session. To 10,000 subscribers one task each cost as
 * much as the sends themselves (the queue, a thread woken per task: docs/benchmarks.md); a few tasks still
 * spread the sends over every send thread. Not thread-safe: one fan-out, one caller.
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
