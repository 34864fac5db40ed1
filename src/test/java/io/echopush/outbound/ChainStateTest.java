package io.echopush.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason.CloseCodes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link ChainState} alone: one send or ping in flight at most, the close owed, and the send timeout's clock. */
class ChainStateTest {

    private final AtomicLong now = new AtomicLong();
    private final ChainState state = new ChainState(1_000, now::get);

    @Test
    void onlyTheFirstClaimStartsTheChainUntilItRunsDry() {
        assertTrue(state.claim());
        assertFalse(state.claim(), "a send is in flight");
        assertFalse(state.claimForPing(true), "a busy session is not idle");
        assertNull(state.ranDry());
        assertTrue(state.claim());
    }

    @Test
    void aPingIsTheOneSendInFlightAndWhatWasQueuedMeanwhileGoesOnAfterIt() {
        assertFalse(state.claimForPing(false), "something waits: not idle");
        assertTrue(state.claimForPing(true));
        assertFalse(state.claim(), "queued behind the ping");
        assertTrue(state.resumeAfterPing(false));
        assertNull(state.ranDry());
        assertTrue(state.claimForPing(true));
        assertFalse(state.resumeAfterPing(true), "nothing queued: idle again");
        assertTrue(state.claimForPing(true));
    }

    @Test
    void aCloseAfterWhatIsQueuedRefusesMoreAndIsOwedWhenTheChainRunsDry() {
        assertTrue(state.claim());
        assertFalse(state.closeAfter(CloseCodes.VIOLATED_POLICY, "bye"), "the running chain will close");
        assertTrue(state.refusing());
        assertFalse(state.closeAfter(CloseCodes.NORMAL_CLOSURE, "again"), "one close only");
        assertEquals(CloseCodes.VIOLATED_POLICY, state.ranDry().getCloseCode());
        state.close();
        assertNull(state.ranDry(), "closed: nothing more is owed");
    }

    @Test
    void anIdleChainMustBeStartedToClose() {
        assertTrue(state.closeAfter(CloseCodes.GOING_AWAY, "bye"));
        assertFalse(state.claimForPing(true), "closing: no ping");
    }

    @Test
    void theChainStallsWhenNoSendFinishesWithinTheSendTimeout() {
        assertTrue(state.claim());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_000));
        assertFalse(state.stalled(), "limit");
        now.addAndGet(1);
        assertTrue(state.stalled(), "limit + 1 ns");
        state.progress();
        assertFalse(state.stalled(), "a finished send resets the clock");
    }
}
