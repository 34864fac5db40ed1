package io.echopush.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.FakeSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendStartsTest {

    private static final OutboundLimits ROOMY = new OutboundLimits(256, 1 << 20, 10_000);

    /** A fan-out to 150 idle sessions starts their sends in three executor tasks, not 150, and misses none. */
    @Test
    void aFanOutStartsItsSendsInAFewTasksAndStartsEveryOne() {
        List<Runnable> tasks = new ArrayList<>();
        List<FakeSession> fakes = new ArrayList<>();
        SendStarts starts = new SendStarts(tasks::add);
        for (int i = 0; i < 150; i++) {
            FakeSession fake = new FakeSession(true);
            fakes.add(fake);
            SessionSender sender = new SessionSender(fake.session(), ROOMY, tasks::add, OutboundObserver.NONE, null);
            assertTrue(sender.offer(OutboundMessage.text("news"), starts));
        }
        assertEquals(2, tasks.size(), "a task per " + SendStarts.PER_TASK + " sessions, started as each fills");
        starts.start();
        assertEquals(3, tasks.size(), "the rest started by the caller");
        starts.start();
        assertEquals(3, tasks.size(), "nothing left to start");
        assertEquals(0, fakes.stream().mapToInt(fake -> fake.sent().size()).sum(),
                "nothing written before the tasks run");
        tasks.forEach(Runnable::run);
        fakes.forEach(fake -> assertEquals(List.of("news"), fake.sent()));
    }

    /** A session already writing takes the next message behind the one in flight: nothing more to start. */
    @Test
    void aSessionAlreadyWritingIsNotStartedTwice() throws Exception {
        List<Runnable> tasks = new ArrayList<>();
        FakeSession fake = new FakeSession(false);
        SessionSender sender = new SessionSender(fake.session(), ROOMY, tasks::add, OutboundObserver.NONE, null);
        SendStarts first = new SendStarts(tasks::add);
        sender.offer(OutboundMessage.text("one"), first);
        first.start();
        tasks.remove(0).run();
        SendStarts second = new SendStarts(tasks::add);
        sender.offer(OutboundMessage.text("two"), second);
        second.start();
        assertEquals(0, tasks.size());
        fake.complete(fake.nextSend());
        fake.complete(fake.nextSend());
        assertEquals(List.of("one", "two"), fake.sent());
        assertEquals(1, fake.maxInFlight());
    }
}
