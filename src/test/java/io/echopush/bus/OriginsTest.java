package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OriginsTest {

    @Test
    void deliversEachNumberOnceAndCountsGaps() {
        Origins origins = new Origins();
        assertEquals(new Origins.Verdict(true, 0), origins.accept("a", 5)); // first seen: no gap to count
        assertEquals(new Origins.Verdict(true, 0), origins.accept("a", 6));
        assertEquals(new Origins.Verdict(false, 0), origins.accept("a", 6)); // a second copy
        assertEquals(new Origins.Verdict(false, 0), origins.accept("a", 4));
        assertEquals(new Origins.Verdict(true, 2), origins.accept("a", 9));
        assertEquals(new Origins.Verdict(true, 0), origins.accept("b", 1)); // nodes are counted apart
    }
}
