package io.echopush.topic;

import io.echopush.outbound.OutboundMessage;
import java.util.ArrayList;
import java.util.List;

/** Heap per topic of kept history, for docs/benchmarks.md (scenario 6): not a test, a bounded measurement. */
public final class HistoryFootprint {
    private HistoryFootprint() {
    }

    static long used() {
        for (int i = 0; i < 5; i++) { System.gc(); }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
    public static void main(String[] args) {
        int topics = 2000;
        for (int size : new int[] {100, 1024}) {
            HistoryLimits limits = new HistoryLimits(100, Long.MAX_VALUE, Long.MAX_VALUE);
            List<History> keep = new ArrayList<>();
            long before = used();
            for (int t = 0; t < topics; t++) {
                History h = new History(limits, 0);
                for (int i = 0; i < 100; i++) {
                    long seq = h.next(0);
                    // a message as the codec writes it: type, topic, data of `size` bytes, epoch, seq, time
                    String text = "{\"type\":\"message\",\"topic\":\"topic-" + t + "\",\"data\":\"" + "x".repeat(size)
                            + "\",\"epoch\":\"" + h.epoch() + "\",\"seq\":" + seq + ",\"time\":\"2026-12-05T22:00:00.000Z\"}";
                    h.keep(seq, OutboundMessage.text(text));
                }
                keep.add(h);
            }
            long after = used();
            System.out.printf("data %d B: heap per topic of 100 kept messages %.1f KiB (message text %.1f KiB)%n", size,
                    (after - before) / 1024.0 / topics, limits.usedBytes() / 1024.0 / topics);
            keep.clear();
        }
    }
}
