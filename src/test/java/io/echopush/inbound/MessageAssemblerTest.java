package io.echopush.inbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

    private static final int LIMIT = 10;
    private final MessageAssembler assembler = new MessageAssembler(LIMIT);

    @Test
    void textPartsAreJoinedUpToTheLimitInBytes() throws Exception {
        assertNull(assembler.text("abcd", false));
        assertEquals("abcdé✓", assembler.text("é✓", true).text()); // 4 + 2 + 3 = 9 bytes
        assertEquals(LIMIT, assembler.text("0123456789", true).bytes());
    }

    @Test
    void textOneByteOverTheLimitIsRefusedOnceAndTheRestOfTheMessageIgnored() throws Exception {
        assertNull(assembler.text("12345", false));
        assertThrows(MessageTooBigException.class, () -> assembler.text("é✓a", false)); // 5 + 6 = 11 bytes
        assertNull(assembler.text("more", false));
        assertNull(assembler.text("end", true));
        assertEquals("next", assembler.text("next", true).text());
    }

    @Test
    void binaryPartsAreCopiedAndJoinedUpToTheLimit() throws Exception {
        byte[] first = {1, 2, 3};
        ByteBuffer reused = ByteBuffer.wrap(first);
        assertNull(assembler.binary(reused, false));
        first[0] = 99; // the container may reuse its buffer once the call returns
        ByteBuffer whole = assembler.binary(ByteBuffer.wrap(new byte[] {4, 5, 6, 7, 8, 9, 10}), true).data();
        byte[] bytes = new byte[whole.remaining()];
        whole.get(bytes);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, bytes);
    }

    @Test
    void binaryOneByteOverTheLimitIsRefused() throws Exception {
        assertThrows(MessageTooBigException.class, () -> assembler.binary(ByteBuffer.allocate(LIMIT + 1), true));
        assertEquals(0, assembler.binary(ByteBuffer.allocate(0), true).bytes());
    }
}
