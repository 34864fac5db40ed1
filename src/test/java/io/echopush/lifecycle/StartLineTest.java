package io.echopush.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.config.Setting;
import io.echopush.config.Settings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deploy log prints every setting: the token key never, neither when it is good nor when it stops the deploy. */
class StartLineTest {

    @Test
    void theTokenKeyIsNeverInTheDeployLog() {
        String secret = Base64.getEncoder().encodeToString("a key of thirty-two bytes, or so"
                .getBytes(StandardCharsets.US_ASCII));
        Settings settings = Settings.load(Map.of(Setting.TOKEN_SECRET.key(), secret)::get);
        String line = ApplicationLifecycle.started("/echo-push", settings, Application.rules(settings, path -> null),
                Application.tokens(settings));
        assertFalse(line.contains(secret), line);
        assertFalse(line.contains(secret.substring(0, 8)), line);
        assertTrue(line.contains("echopush.token-secret=(set)"), line);
        assertTrue(line.endsWith(" and tokens (HS256, at most 3600 s)"), line);

        String shortKey = Base64.getEncoder().encodeToString("thirty-one bytes: one too few!!"
                .getBytes(StandardCharsets.US_ASCII));
        Settings tooShort = Settings.load(Map.of(Setting.TOKEN_SECRET.key(), shortKey)::get);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Application.tokens(tooShort));
        assertFalse(refused.getMessage().contains(shortKey.substring(0, 8)), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("it has 31"), refused.getMessage());
    }
}
