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
        assertEquals(65536, settings.ints(Setting.MAX_MESSAGE_BYTES));
        assertEquals(List.of(), settings.list(Setting.ALLOWED_ORIGINS));
        assertTrue(settings.flag(Setting.ALLOW_MISSING_ORIGIN));
        assertEquals(1024, settings.ints(Setting.OUTBOUND_MAX_MESSAGES));
        assertEquals(1_048_576, settings.longs(Setting.OUTBOUND_MAX_BYTES));
        assertEquals(10_000, settings.longs(Setting.SEND_TIMEOUT_MILLIS));
        assertEquals(300_000, settings.longs(Setting.IDLE_TIMEOUT_MILLIS));
    }

    @Test
    void systemPropertyBeatsEnvironmentWhichBeatsContextParam() {
        String key = Setting.MAX_MESSAGE_BYTES.key();
        String env = Setting.MAX_MESSAGE_BYTES.environmentVariable();
        assertEquals(3, load(Map.of(key, "3"), Map.of(env, "2"), Map.of(key, "1")).ints(Setting.MAX_MESSAGE_BYTES));
        assertEquals(2, load(Map.of(), Map.of(env, "2"), Map.of(key, "1")).ints(Setting.MAX_MESSAGE_BYTES));
        assertEquals(1, load(Map.of(), Map.of(), Map.of(key, "1")).ints(Setting.MAX_MESSAGE_BYTES));
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
        assertEquals(List.of("https://a.example", "https://b.example:8443"), settings.list(Setting.ALLOWED_ORIGINS));
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
        Settings no = load(Map.of(Setting.ALLOW_MISSING_ORIGIN.key(), "FALSE"), Map.of(), Map.of());
        assertFalse(no.flag(Setting.ALLOW_MISSING_ORIGIN));
    }

    /** The run command and the docs quote this message; a range is written once, beside its key. */
    @Test
    void aNumberOutOfItsRangeIsRefusedWithTheRange() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(), Map.of("ECHOPUSH_MAX_MESSAGE_BYTES", "abc"), Map.of()));
        assertEquals("echopush.max-message-bytes must be a whole number from 1 to 4194304, not 'abc'",
                bad.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(Setting.SEND_TIMEOUT_MILLIS.key(), "3000000000"), Map.of(), Map.of()));
        assertEquals("echopush.send-timeout-ms must be a whole number from 1 to 2147483647, not '3000000000'",
                tooLong.getMessage());
    }

    @Test
    void everySettingIsReadByTheAccessorOfItsRangeAndNoOther() {
        Settings settings = load(Map.of(), Map.of(), Map.of());
        for (Setting setting : Setting.values()) {
            String value = switch (setting.range().kind()) {
                case INT -> Integer.toString(settings.ints(setting));
                case LONG -> Long.toString(settings.longs(setting));
                case FLAG -> Boolean.toString(settings.flag(setting));
                case LIST -> String.join(",", settings.list(setting));
                case TEXT -> settings.text(setting);
                case SECRET -> settings.secret(setting);
                case BUS -> settings.bus().value();
            };
            assertEquals(setting.defaultValue(), value, setting.key());
        }
        assertThrows(IllegalArgumentException.class, () -> settings.ints(Setting.SEND_TIMEOUT_MILLIS));
        assertThrows(IllegalArgumentException.class, () -> settings.longs(Setting.MAX_MESSAGE_BYTES));
        assertThrows(IllegalArgumentException.class, () -> settings.flag(Setting.ALLOWED_ORIGINS));
        assertThrows(IllegalArgumentException.class, () -> settings.text(Setting.ALLOWED_ORIGINS));
        assertThrows(IllegalArgumentException.class, () -> settings.text(Setting.TOKEN_SECRET));
        assertThrows(IllegalArgumentException.class, () -> settings.secret(Setting.TOPIC_RULES));
    }

    /** The deploy log prints every setting (ApplicationLifecycle): the token key only as "(set)". */
    @Test
    void theTokenSecretIsReadButNeverShown() {
        String secret = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        Settings set = load(Map.of(), Map.of("ECHOPUSH_TOKEN_SECRET", " " + secret + " "), Map.of());
        assertEquals(secret, set.secret(Setting.TOKEN_SECRET));
        assertFalse(set.toString().contains(secret), set.toString());
        assertFalse(set.toString().contains("MDEy"), set.toString());
        assertTrue(set.toString().contains("echopush.token-secret=(set)"), set.toString());
        assertTrue(load(Map.of(), Map.of(), Map.of()).toString().contains("echopush.token-secret=,"));
        assertEquals(3600, set.ints(Setting.TOKEN_MAX_SECONDS));
    }

    /** The message limit goes up to 4 MiB, the ceiling echo's binary handler declares (D31), and no further. */
    @Test
    void theMessageLimitStopsAtItsCeiling() {
        int ceiling = Settings.MAX_MESSAGE_BYTES_CEILING;
        for (int limit : new int[] {ceiling - 1, ceiling}) {
            Map<String, String> system = Map.of(Setting.MAX_MESSAGE_BYTES.key(), Integer.toString(limit));
            assertEquals(limit, load(system, Map.of(), Map.of()).ints(Setting.MAX_MESSAGE_BYTES));
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
