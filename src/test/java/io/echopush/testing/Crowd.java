package io.echopush.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Many push clients at once, connected (and prepared) in parallel, closed together. */
public final class Crowd implements AutoCloseable {

    private final List<PushClient> clients;

    private Crowd(List<PushClient> clients) {
        this.clients = clients;
    }

    /** Connects {@code size} clients, running {@code prepare} (e.g. a subscribe) on each as it connects. */
    public static Crowd connect(AppUrls urls, int size, Consumer<PushClient> prepare) throws Exception {
        List<PushClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PushClient>> connecting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                connecting.add(pool.submit(() -> {
                    PushClient client = PushClient.connect(urls);
                    prepare.accept(client);
                    return client;
                }));
            }
            for (Future<PushClient> future : connecting) {
                clients.add(future.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return new Crowd(clients);
        } catch (Exception e) {
            new Crowd(clients).close();
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    public List<PushClient> clients() {
        return clients;
    }

    @Override
    public void close() {
        clients.forEach(PushClient::close);
    }
}
