package io.echopush.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One load-generator connection on the JDK's non-blocking WebSocket client: whole text messages go to
 * {@code onText} on the client's thread; sends are chained, so at most one is in flight per connection.
 */
final class Conn implements WebSocket.Listener {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private final Consumer<String> onText;
    private final StringBuilder parts = new StringBuilder();
    private WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private Conn(Consumer<String> onText) {
        this.onText = onText;
    }

    static CompletableFuture<Conn> open(URI uri, String subprotocol, Consumer<String> onText) {
        Conn conn = new Conn(onText);
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        return builder.buildAsync(uri, conn).thenApply(socket -> {
            conn.socket = socket;
            return conn;
        });
    }

    synchronized void send(String text) {
        lastSend = lastSend.thenCompose(ignored -> socket.sendText(text, true));
    }

    CompletableFuture<?> close() {
        return socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS)
                .whenComplete((ok, error) -> socket.abort());
    }

    /**
     * Closes {@code conns} 100 at a time, each batch done before the next: thousands of clients closing at once
     * starve Tomcat's workers for tens of seconds (docs/reliability.md, finding 1), which would stall the
     * next scenario, not measure this one.
     */
    static void closeAll(List<Conn> conns) {
        for (int from = 0; from < conns.size(); from += 100) {
            List<CompletableFuture<?>> batch = conns.subList(from, Math.min(conns.size(), from + 100)).stream()
                    .<CompletableFuture<?>>map(Conn::close).toList();
            try {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a close that did not complete was aborted: the connection is gone either way
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        parts.append(data);
        if (last) {
            String whole = parts.toString();
            parts.setLength(0);
            onText.accept(whole);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }
}
