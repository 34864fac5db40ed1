package io.echopush.lifecycle;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our send and close threads run with the platform class loader as their context, not the web application's:
 * on Payara and GlassFish every send schedules the session's idle timer on the container's managed executor,
 * which captures the caller's context and with the application's loader searched every jar of the server for
 * context providers — three quarters of the send threads' time in the fan-out benchmark (docs/benchmarks.md).
 */
class SchedulerThreadsTest {

    @Test
    void sendAndCloseThreadsCarryNoApplicationClassLoader() throws Exception {
        Scheduler scheduler = Scheduler.own();
        try {
            CompletableFuture<ClassLoader> onSender = new CompletableFuture<>();
            scheduler.sender().execute(() -> onSender.complete(Thread.currentThread().getContextClassLoader()));
            CompletableFuture<ClassLoader> onCloser = new CompletableFuture<>();
            scheduler.closer().execute(() -> onCloser.complete(Thread.currentThread().getContextClassLoader()));
            assertSame(ClassLoader.getPlatformClassLoader(), onSender.get(5, TimeUnit.SECONDS));
            assertSame(ClassLoader.getPlatformClassLoader(), onCloser.get(5, TimeUnit.SECONDS));
        } finally {
            scheduler.stop();
        }
    }
}
