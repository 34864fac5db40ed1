package io.echopush.sse;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/** The container's word that a stream's response ended: the client left, or the connection broke. */
final class StreamEnd implements AsyncListener {

    private final EventStream stream;

    StreamEnd(EventStream stream) {
        this.stream = stream;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        stream.endedByClient(false);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        stream.endedByClient(true);
    }

    @Override
    public void onError(AsyncEvent event) {
        stream.endedByClient(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
