package io.echopush.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.echopush.testing.AppUrls;
import io.echopush.testing.PushClient;
import io.echopush.testing.TestClient;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The lightest client for thousands of idle subscribers: the JDK's WebSocket, subscribed to {@code clock}, keeping
 * nothing but its last tick's seq; every tick goes to a shared {@link TickLog}. (TestClient queues every event,
 * which costs memory that would be counted as the server's.)
 */
final class ClockSubscriber implements WebSocket.Listener {

    private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"topic\":\"clock\"}";

    private final TickLog log;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private StringBuilder parts; // listener calls for one socket come one at a time
    private long lastSeq;

    private ClockSubscriber(TickLog log) {
        this.log = log;
    }

    /**
     * Connects {@code count} subscribers, {@code atOnce} handshakes and subscriptions in flight at a time, and
     * answers when all are subscribed; if any fails, closes them all and fails.
     */
    static List<ClockSubscriber> connect(HttpClient http, AppUrls urls, int count, int atOnce, TickLog log)
            throws Exception {
        Semaphore inFlight = new Semaphore(atOnce);
        List<ClockSubscriber> clients = new ArrayList<>(count);
        List<CompletableFuture<Void>> ready = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                if (!inFlight.tryAcquire(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("no handshake finished within " + TestClient.TIMEOUT + " at " + i);
                }
                ClockSubscriber client = new ClockSubscriber(log);
                clients.add(client);
                ready.add(http.newWebSocketBuilder().subprotocols(PushClient.PROTOCOL).connectTimeout(TestClient.TIMEOUT)
                        .buildAsync(urls.ws("push"), client)
                        .thenCompose(ws -> ws.sendText(SUBSCRIBE, true))
                        .thenCompose(ws -> client.subscribed)
                        .orTimeout(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((ok, error) -> inFlight.release()));
            }
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
                    .get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return clients;
        } catch (Exception | AssertionError e) {
            long failed = ready.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            closeAll(clients, atOnce);
            throw new AssertionError(failed + " of " + count + " subscribers failed to connect and subscribe", e);
        }
    }

    /**
     * Closes every client (1000), {@code atOnce} close handshakes in flight at a time, and lets go of each once the
     * server answered or a minute has passed for them all. All 5,000 at once starve Tomcat's workers
     * (docs/reliability.md, "Findings"): that is a finding to fix, not what case 28 measures.
     */
    static void closeAll(List<ClockSubscriber> clients, int atOnce) {
        Semaphore inFlight = new Semaphore(atOnce);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            for (ClockSubscriber client : clients) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break; // the rest are aborted below, which the server must handle too
                }
                WebSocket ws = client.socket;
                if (ws != null && !ws.isOutputClosed()) {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
                } else {
                    client.closed.complete(null);
                }
                client.closed.whenComplete((ok, error) -> inFlight.release());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ClockSubscriber client : clients) {
            try {
                client.closed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // not answered in time: aborted all the same
            }
            WebSocket ws = client.socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        if (!last || parts != null) {
            parts = parts == null ? new StringBuilder() : parts;
            parts.append(data);
        }
        if (last) {
            String text = parts == null ? data.toString() : parts.toString();
            parts = null;
            JsonNode message = PushClient.read(text);
            switch (message.path("type").asText()) {
                case "subscribed" -> subscribed.complete(null);
                case "message" -> {
                    long seq = message.get("seq").asLong();
                    log.arrived(lastSeq, seq, now);
                    lastSeq = seq;
                }
                case "presence" -> {
                    // the subscriber count, coalesced: expected while thousands join
                }
                default -> log.problem("unexpected " + text);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        subscribed.completeExceptionally(error);
        closed.complete(null);
    }
}
