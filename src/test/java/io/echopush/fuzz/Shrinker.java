package io.echopush.fuzz;

import io.echopush.testing.AppUrls;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes a failing case as small as it will go while it still fails: frames left out one at a time, then each
 * remaining payload cut to its first or last half, then trimmed a byte at a time from the end. Bounded in runs.
 */
final class Shrinker {

    private static final int MAX_RUNS = 150;

    private final AppUrls urls;
    private final Bystanders bystanders;
    private int runs;

    Shrinker(AppUrls urls, Bystanders bystanders) {
        this.urls = urls;
        this.bystanders = bystanders;
    }

    Case shrink(Case failing) {
        Case smallest = failing;
        for (int i = smallest.frames().size() - 1; i >= 0 && smallest.frames().size() > 1; i--) {
            List<Frame> fewer = new ArrayList<>(smallest.frames());
            fewer.remove(i);
            smallest = stillFails(smallest.withFrames(fewer)) ? smallest.withFrames(fewer) : smallest;
        }
        for (int i = 0; i < smallest.frames().size(); i++) {
            boolean shorter = true;
            while (shorter) {
                byte[] payload = smallest.frames().get(i).payload();
                shorter = false;
                for (byte[] candidate : new byte[][] {
                        Arrays.copyOf(payload, payload.length / 2),
                        Arrays.copyOfRange(payload, payload.length / 2, payload.length),
                        Arrays.copyOf(payload, Math.max(0, payload.length - 1))}) {
                    if (candidate.length < payload.length && stillFails(with(smallest, i, candidate))) {
                        smallest = with(smallest, i, candidate);
                        shorter = true;
                        break;
                    }
                }
            }
        }
        return smallest;
    }

    private static Case with(Case c, int index, byte[] payload) {
        List<Frame> frames = new ArrayList<>(c.frames());
        frames.set(index, frames.get(index).withPayload(payload));
        return c.withFrames(frames);
    }

    /** Runs {@code candidate} on fresh bystanders; true if it, or they, failed. */
    private boolean stillFails(Case candidate) {
        if (++runs > MAX_RUNS) {
            return false;
        }
        try {
            bystanders.connect();
            candidate.run(urls);
            bystanders.check();
            return false;
        } catch (Exception | AssertionError e) {
            return true;
        }
    }
}
