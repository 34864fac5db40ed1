package io.echopush.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings load(Map<String, String> system, Map<String, String> env, Map<String, String> context) {
        return Settings.load(system::get, env, context::get);
    }

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        Settings settings = load(Map.of(), Map.of(), Map.of());
        assertEquals(65536, settings.maxMessageBytes());
        assertEquals(List.of(), settings.allowedOrigins());
        assertTrue(settings.allowMissingOrigin());
        assertEquals(1024, settings.outboundMaxMessages());
        assertEquals(1_048_576, settings.outboundMaxBytes());
        assertEquals(10_000, settings.sendTimeoutMillis());
        assertEquals(300_000, settings.idleTimeoutMillis());
    }

    @Test
    void systemPropertyBeatsEnvironmentWhichBeatsContextParam() {
        String key = Setting.MAX_MESSAGE_BYTES.key();
        String env = Setting.MAX_MESSAGE_BYTES.environmentVariable();
        assertEquals(3, load(Map.of(key, "3"), Map.of(env, "2"), Map.of(key, "1")).maxMessageBytes());
        assertEquals(2, load(Map.of(), Map.of(env, "2"), Map.of(key, "1")).maxMessageBytes());
        assertEquals(1, load(Map.of(), Map.of(), Map.of(key, "1")).maxMessageBytes());
    }

    @Test
    void environmentVariableNamesAreTheKeyInUpperCase() {
        assertEquals("ECHOPUSH_MAX_MESSAGE_BYTES", Setting.MAX_MESSAGE_BYTES.environmentVariable());
        assertEquals("ECHOPUSH_OUTBOUND_MAX_MESSAGES", Setting.OUTBOUND_MAX_MESSAGES.environmentVariable());
    }

    @Test
    void originListIsSplitOnCommasAndTrimmed() {
        Settings settings = load(Map.of(), Map.of(),
                Map.of(Setting.ALLOWED_ORIGINS.key(), " https://a.example , ,https://b.example:8443 "));
        assertEquals(List.of("https://a.example", "https://b.example:8443"), settings.allowedOrigins());
    }

    @Test
    void aBadValueStopsStartupNamingTheKey() {
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(Setting.MAX_MESSAGE_BYTES.key(), "64k"), Map.of(), Map.of()));
        assertTrue(notANumber.getMessage().contains("echopush.max-message-bytes"), notANumber.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(Setting.MAX_MESSAGE_BYTES.key(), "0"), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(Setting.ALLOW_MISSING_ORIGIN.key(), "yes"), Map.of(), Map.of()));
        assertFalse(load(Map.of(Setting.ALLOW_MISSING_ORIGIN.key(), "FALSE"), Map.of(), Map.of()).allowMissingOrigin());
    }

    /** The message limit goes up to 4 MiB, the ceiling echo's binary handler declares (D31), and no further. */
    @Test
    void theMessageLimitStopsAtItsCeiling() {
        int ceiling = Settings.MAX_MESSAGE_BYTES_CEILING;
        for (int limit : new int[] {ceiling - 1, ceiling}) {
            Map<String, String> system = Map.of(Setting.MAX_MESSAGE_BYTES.key(), Integer.toString(limit));
            assertEquals(limit, load(system, Map.of(), Map.of()).maxMessageBytes());
        }
        IllegalArgumentException over = assertThrows(IllegalArgumentException.class, () -> load(
                Map.of(Setting.MAX_MESSAGE_BYTES.key(), Integer.toString(ceiling + 1)), Map.of(), Map.of()));
        assertTrue(over.getMessage().contains("echopush.max-message-bytes"), over.getMessage());
    }

    @Test
    void theBusIsLocalByDefaultOrARedisUrlAndABadOneNeverShowsItsPassword() {
        assertTrue(load(Map.of(), Map.of(), Map.of()).bus().isLocal());
        Settings redis = load(Map.of(), Map.of(), Map.of(Setting.BUS.key(), "redis://app:s3cret@cache:6379"));
        assertEquals("redis://app:s3cret@cache:6379", redis.bus().value());
        assertFalse(redis.toString().contains("s3cret"), redis.toString());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(), Map.of("ECHOPUSH_BUS", "http://app:s3cret@cache:6379"), Map.of()));
        assertTrue(bad.getMessage().contains("echopush.bus"), bad.getMessage());
        assertFalse(bad.getMessage().contains("s3cret"), bad.getMessage());
    }
}
