package io.echopush.inbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.echopush.outbound.OutboundMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * For any message and any split of it into fragments (a surrogate pair cut in half included), the assembler gives
 * back exactly the message when it is within the limit and refuses it once when it is not; and the rate limit
 * admits exactly its burst, however the bytes and messages are cut.
 */
class InboundBoundsPropertyTest {

    /** Text as a client sends it: code points of one to four UTF-8 bytes, pairs for those past the BMP. */
    private static final Gen<String> TEXTS = lists().of(Generate.frequency(List.of(
                    Pair.of(8, Generate.range(' ', '~')),
                    Pair.of(2, Generate.range(0x80, 0x7ff)),
                    Pair.of(2, Generate.range(0x800, 0xd7ff)),
                    Pair.of(2, Generate.range(0x10000, 0x10ffff)))))
            .ofSizeBetween(0, 60).map(codePoints -> {
                StringBuilder text = new StringBuilder();
                codePoints.forEach(text::appendCodePoint);
                return text.toString();
            });
    private static final Gen<List<Integer>> CUTS = lists().of(integers().between(0, 200)).ofSizeBetween(0, 6);

    @Test
    void textIsWholeWithinTheLimitAndRefusedOnceBeyondIt() {
        qt().withExamples(3000).forAll(TEXTS, CUTS, integers().between(1, 160)).checkAssert((text, cuts, limit) -> {
            MessageAssembler assembler = new MessageAssembler(limit);
            List<int[]> parts = split(text.length(), cuts);
            int refusals = 0;
            String whole = null;
            for (int i = 0; i < parts.size(); i++) {
                boolean last = i == parts.size() - 1;
                try {
                    OutboundMessage.Text got = assembler.text(text.substring(parts.get(i)[0], parts.get(i)[1]), last);
                    assertTrue(last || got == null, "a message before its last part");
                    whole = got == null ? null : got.text();
                } catch (InboundRefusal e) {
                    assertTrue(e instanceof MessageTooBigException, e.toString());
                    refusals++;
                }
            }
            if (text.getBytes(StandardCharsets.UTF_8).length <= limit) {
                assertEquals(0, refusals);
                assertEquals(text, whole);
            } else {
                assertEquals(1, refusals, "refused once, its other parts ignored");
                assertNull(whole);
            }
            try {
                assertEquals("x", assembler.text("x", true).text(), "the next message is taken whole");
            } catch (InboundRefusal e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void binaryIsWholeWithinTheLimitAndRefusedOnceBeyondIt() {
        Gen<byte[]> data = Generate.byteArrays(integers().between(0, 200), Generate.bytes((byte) -128, (byte) 127, (byte) 0));
        qt().withExamples(2000).forAll(data, CUTS, integers().between(1, 160)).checkAssert((bytes, cuts, limit) -> {
            MessageAssembler assembler = new MessageAssembler(limit);
            List<int[]> parts = split(bytes.length, cuts);
            int refusals = 0;
            byte[] whole = null;
            for (int i = 0; i < parts.size(); i++) {
                int[] range = parts.get(i);
                try {
                    OutboundMessage.Binary got = assembler.binary(
                            ByteBuffer.wrap(bytes, range[0], range[1] - range[0]), i == parts.size() - 1);
                    if (got != null) {
                        whole = new byte[got.data().remaining()];
                        got.data().get(whole);
                    }
                } catch (InboundRefusal e) {
                    assertTrue(e instanceof MessageTooBigException, e.toString());
                    refusals++;
                }
            }
            if (bytes.length <= limit) {
                assertEquals(0, refusals);
                assertArrayEquals(bytes, whole);
            } else {
                assertEquals(1, refusals);
                assertNull(whole);
            }
        });
    }

    /**
     * With the clock standing still, any sequence of messages cut into any parts is admitted exactly until its bytes
     * pass the byte burst or its messages the message burst; from then on the session is refused and nothing more is
     * taken.
     */
    @Test
    void theRateAdmitsExactlyItsBurstHoweverMessagesAreCut() {
        Gen<List<Integer>> sizes = lists().of(integers().between(0, 40)).ofSizeBetween(1, 12);
        Gen<int[]> bursts = integers().between(1, 8).zip(integers().between(1, 200), (m, b) -> new int[] {m, b});
        qt().withExamples(3000).forAll(sizes, CUTS, bursts).checkAssert((messageBytes, cuts, burst) -> {
            int messageBurst = burst[0];
            int byteBurst = burst[1];
            InboundRate rate = new InboundRate(new InboundRate.Limits(1, messageBurst, 1, byteBurst), () -> 0L);
            MessageAssembler assembler = new MessageAssembler(Integer.MAX_VALUE, rate);
            long bytesSoFar = 0;
            int messagesSoFar = 0;
            boolean refused = false;
            for (int size : messageBytes) {
                List<int[]> parts = split(size, cuts);
                for (int i = 0; i < parts.size(); i++) {
                    int partBytes = parts.get(i)[1] - parts.get(i)[0];
                    boolean last = i == parts.size() - 1;
                    boolean due = !refused
                            && (bytesSoFar + partBytes > byteBurst || (last && messagesSoFar + 1 > messageBurst));
                    try {
                        OutboundMessage.Binary got = assembler.binary(ByteBuffer.allocate(partBytes), last);
                        assertTrue(!due, "admitted past the burst");
                        if (refused) {
                            assertNull(got, "taken after the session was refused");
                        } else {
                            bytesSoFar += partBytes;
                            messagesSoFar += last ? 1 : 0;
                            assertEquals(last, got != null);
                        }
                    } catch (InboundRefusal e) {
                        assertTrue(e instanceof TooFastException && due,
                                "refused within the burst: " + bytesSoFar + " bytes, " + messagesSoFar + " messages");
                        refused = true;
                    }
                }
            }
            assertTrue(bytesSoFar <= byteBurst && messagesSoFar <= messageBurst);
        });
    }

    /** {@code length} cut at {@code cuts} (folded into range, repeats removed) into [start, end) ranges; one at least. */
    private static List<int[]> split(int length, List<Integer> cuts) {
        TreeSet<Integer> at = new TreeSet<>();
        cuts.forEach(cut -> at.add(cut % (length + 1)));
        at.add(0);
        at.add(length);
        List<int[]> ranges = new ArrayList<>();
        Integer previous = null;
        for (int cut : at) {
            if (previous != null) {
                ranges.add(new int[] {previous, cut});
            }
            previous = cut;
        }
        if (ranges.isEmpty()) {
            ranges.add(new int[] {0, 0});
        }
        return ranges;
    }
}
