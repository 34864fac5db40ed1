package io.echopush.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BusSettingTest {

    @Test
    void localOrARedisUrl() {
        assertTrue(new BusSetting("local").isLocal());
        assertEquals("redis://10.0.0.5:6379", new BusSetting("redis://10.0.0.5:6379").toString());
        assertThrows(IllegalArgumentException.class, () -> new BusSetting("redis:/nohost"));
        assertThrows(IllegalArgumentException.class, () -> new BusSetting("http://host:6379"));
        assertThrows(IllegalArgumentException.class, () -> new BusSetting("cluster"));
    }

    @Test
    void neverPrintsThePassword() {
        assertEquals("redis://***@cache:6379/2", new BusSetting("redis://app:s3cret@cache:6379/2").toString());
    }
}
