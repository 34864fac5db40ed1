package io.echopush.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md's table says exactly what the code does: every key, its variable, default, meaning. */
class ConfigurationDocTest {

    @Test
    void everySettingHasItsRowInTheReadme() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("docs", "configuration.md")).stream()
                .filter(line -> line.startsWith("| `echopush."))
                .toList();
        for (Setting setting : Setting.values()) {
            String expected = "| `" + setting.key() + "` | `" + setting.environmentVariable() + "` | "
                    + (setting.defaultValue().isEmpty() ? "(none)" : "`" + setting.defaultValue() + "`") + " | ";
            String row = rows.stream().filter(line -> line.startsWith("| `" + setting.key() + "` "))
                    .findFirst().orElseThrow(() -> new AssertionError("docs/configuration.md has no row for " + setting.key()));
            assertTrue(row.startsWith(expected), "docs/configuration.md row for " + setting.key() + ":\n" + row + "\nexpected to start:\n" + expected);
            assertTrue(row.contains(setting.description()),
                    "docs/configuration.md describes " + setting.key() + " as in Setting: " + setting.description());
        }
        assertEquals(Setting.values().length, rows.size(), "docs/configuration.md lists a key the code does not know");
    }
}
