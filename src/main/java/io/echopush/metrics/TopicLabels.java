package io.echopush.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Topic names as metric labels, at most a fixed number of them: the first topics seen keep their own label,
 * later ones share {@code _other}, so that clients inventing topics cannot grow the scrape without bound.
 */
final class TopicLabels {

    static final String OTHER = "_other";

    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private final int max;

    TopicLabels(int max) {
        this.max = max;
    }

    /** The label for {@code topic}, giving it its own if there is still room. */
    String label(String topic) {
        if (named.contains(topic)) {
            return topic;
        }
        synchronized (named) {
            if (named.size() < max) {
                named.add(topic);
                return topic;
            }
        }
        return OTHER;
    }
}
