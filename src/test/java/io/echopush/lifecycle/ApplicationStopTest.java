package io.echopush.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.echopush.config.Settings;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Undeploy leaves no thread of ours behind: the clock, presence and send threads all end. */
class ApplicationStopTest {

    @Test
    void stoppingTheApplicationEndsEveryThreadItStarted() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Application.start(Settings.fromEnvironment(), Scheduler.own());
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        // Scheduling the clock and presence timers starts the pool's first thread.
        assertFalse(started.isEmpty(), "the application started no thread");

        Application.stop();

        for (Thread thread : started) {
            thread.join(5_000);
            assertFalse(thread.isAlive(), thread.getName() + " outlived the application");
        }
    }
}
