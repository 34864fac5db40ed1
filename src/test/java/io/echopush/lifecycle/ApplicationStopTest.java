package io.echopush.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.echopush.config.Settings;
import io.echopush.testing.FakeSession;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Undeploy leaves no thread of ours behind: the clock, presence and send threads all end. */
class ApplicationStopTest {

    @Test
    void stoppingTheApplicationEndsEveryThreadItStarted() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Application app = Application.start(Settings.fromEnvironment(), Scheduler.own());
        // The timers start with the first session; scheduling them starts the pool's first thread.
        app.sessions().open("echo", new FakeSession(true).session());
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        assertFalse(started.isEmpty(), "the application started no thread");

        Application.stop();

        for (Thread thread : started) {
            thread.join(5_000);
            assertFalse(thread.isAlive(), thread.getName() + " outlived the application");
        }
    }
}
