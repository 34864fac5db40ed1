package io.echopush.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.echopush.bus.Position;
import io.echopush.bus.Publication;
import io.echopush.bus.Snapshot;
import io.echopush.bus.Stored;
import io.echopush.metrics.Metrics;
import io.echopush.outbound.OutboundLimits;
import io.echopush.outbound.SendStarts;
import io.echopush.protocol.ServerMessage;
import io.echopush.protocol.Since;
import io.echopush.session.ConnectionCaps;
import io.echopush.session.SessionRegistry;
import io.echopush.testing.FakeSession;
import io.echopush.testing.PushClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A topic served through a broker delivers each message once, in seq order, whatever order the publishing thread and
 * the channel bring them in; a catch-up from the broker's history fills what this node missed, says how much it could
 * not, and brings the node back to the broker's epoch after it went on alone.
 */
class TopicOrderTest {

    private static final String E = "broker-epoch";
    private static final SendStarts STARTS = new SendStarts(Runnable::run);

    private final SessionRegistry sessions = new SessionRegistry(new OutboundLimits(1_000, 1 << 20, 1_000),
            new OutboundLimits(1_000, 1 << 20, 1_000), Runnable::run, Runnable::run, new Metrics(10),
            new ConnectionCaps(10, 10), () -> { });
    private final FakeSession fake = new FakeSession(true);
    private final Topic topic = new Topic("news", new HistoryLimits(5, Long.MAX_VALUE, Long.MAX_VALUE), 0);

    @BeforeEach
    void subscribe() {
        topic.sync(() -> snapshot(E, 0), 0, null); // made on a broker node: its epoch from the start
        topic.join(sessions.open("push", fake.session(), null), null, null);
    }

    @Test
    void heldUntilTheGapFillsThenDeliveredOnceInOrder() {
        assertEquals(Order.Outcome.HELD, topic.accept(stored(E, 2), 0, STARTS));
        assertEquals(Order.Outcome.HELD, topic.accept(stored(E, 3), 0, STARTS));
        assertEquals(List.of(), received());
        assertEquals(Order.Outcome.NEXT, topic.accept(stored(E, 1), 0, STARTS));
        assertEquals(Order.Outcome.DUPLICATE, topic.accept(stored(E, 2), 0, STARTS));
        assertEquals(Order.Outcome.DUPLICATE, topic.accept(stored(E, 1), 0, STARTS));
        assertEquals(positions(E, 1, 3), received());
    }

    @Test
    void aCatchUpDeliversWhatWasMissedAndCountsWhatIsNoLongerKept() {
        topic.accept(stored(E, 1), 0, STARTS);
        assertEquals(new CatchUp(2, 0), topic.sync(() -> snapshot(E, 3, 1, 2, 3), 0, STARTS));
        assertEquals(positions(E, 1, 3), received());
        // 4 to 6 trimmed away before this node asked: a jump its clients can see, counted as missed
        assertEquals(new CatchUp(2, 3), topic.sync(() -> snapshot(E, 8, 7, 8), 0, STARTS));
        assertEquals(Order.Outcome.NEXT, topic.accept(stored(E, 9), 0, STARTS));
        List<Position> expected = new ArrayList<>(positions(E, 1, 3));
        expected.addAll(positions(E, 7, 9));
        assertEquals(expected, received());
    }

    /** Broker away: this node numbers under an epoch of its own; back, it catches up from where the broker's stood. */
    @Test
    void afterGoingOnAloneTheNodeCatchesUpOnTheBrokersEpoch() {
        topic.accept(stored(E, 1), 0, STARTS);
        Position alone = topic.publishLocal(publication("alone"), true, 0, STARTS);
        assertNotEquals(E, alone.epoch());
        assertEquals(1, alone.seq());
        assertEquals(Order.Outcome.STRANGER, topic.accept(stored(E, 3), 0, STARTS), "only a catch-up can tell");
        assertEquals(new CatchUp(2, 0), topic.sync(() -> snapshot(E, 3, 1, 2, 3), 0, STARTS));
        List<Position> expected = new ArrayList<>(positions(E, 1, 1));
        expected.add(alone);
        expected.addAll(positions(E, 2, 3));
        assertEquals(expected, received());
    }

    /** A flushed or restarted broker: a new epoch, delivered from its first message; the old one is not resumed. */
    @Test
    void aNewEpochIsDeliveredFromItsStart() {
        topic.accept(stored(E, 1), 0, STARTS);
        assertEquals(Order.Outcome.STRANGER, topic.accept(stored("new", 2), 0, STARTS));
        topic.sync(() -> snapshot("new", 2, 1, 2), 0, STARTS);
        List<Position> expected = new ArrayList<>(positions(E, 1, 1));
        expected.addAll(positions("new", 1, 2));
        assertEquals(expected, received());
        ServerMessage.History resumed = topic.read(new Since(E, 1), 10, 1 << 20, null);
        assertEquals(false, resumed.recovered());
        assertEquals(List.of(), resumed.messages());
        assertEquals("new", resumed.epoch());
    }

    private static Snapshot snapshot(String epoch, long top, long... kept) {
        return new Snapshot(new Position(epoch, top),
                LongStream.of(kept).mapToObj(seq -> stored(epoch, seq)).toList());
    }

    private static Stored stored(String epoch, long seq) {
        return new Stored(new Position(epoch, seq), publication("m" + seq));
    }

    private static Publication publication(String text) {
        return new Publication("news", JsonNodeFactory.instance.textNode(text), null, "2026-12-06T00:00:00Z");
    }

    private static List<Position> positions(String epoch, long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(seq -> new Position(epoch, seq)).toList();
    }

    /** The positions of the messages the subscriber was sent, in order. */
    private List<Position> received() {
        STARTS.start(); // the sends the topic queued, begun as its caller would, outside the lock
        List<Position> positions = new ArrayList<>();
        for (Object payload : fake.sent()) {
            JsonNode json = PushClient.read(payload.toString());
            if ("message".equals(json.path("type").asText())) {
                positions.add(new Position(json.get("epoch").asText(), json.get("seq").asLong()));
            }
        }
        return positions;
    }
}
