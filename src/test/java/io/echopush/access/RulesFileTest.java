package io.echopush.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setting points at nothing, a file in the WAR or one on disk; a missing or unreadable one stops the deploy. */
class RulesFileTest {

    private static final String KEY = "echopush.topic-rules";

    @Test
    void nothingMeansTheOpenRules() {
        assertSame(TopicRules.OPEN, RulesFile.load(KEY, "", path -> null));
    }

    @Test
    void aFileInTheWarIsReadAsAResource() {
        TopicRules rules = RulesFile.load(KEY, "WEB-INF/rules.txt", path -> path.equals("/WEB-INF/rules.txt")
                ? new ByteArrayInputStream("* subscribe=staff".getBytes(StandardCharsets.UTF_8)) : null);
        assertEquals("staff", rules.roleNames().iterator().next());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RulesFile.load(KEY, "/WEB-INF/none.txt", path -> null));
        assertEquals(KEY + " (/WEB-INF/none.txt): no such file in the deployment", missing.getMessage());
    }

    @Test
    void aFileOnDiskAndItsMistakesNamedWithTheSetting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("rules"), "* subscribe=x\nnews publish=");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> RulesFile.load(KEY, file.toString(), path -> null));
        assertEquals(KEY + " (" + file + ") line 2: publish= needs role names separated by commas, not \"\" (leave"
                + " the key out to allow nobody)", bad.getMessage());
        Files.write(file, new byte[] {'*', ' ', 's', (byte) 0xff});
        assertEquals(KEY + " (" + file + "): not UTF-8 text", assertThrows(IllegalArgumentException.class,
                () -> RulesFile.load(KEY, file.toString(), path -> null)).getMessage());
        assertEquals(KEY + " (" + dir.resolve("none") + "): no such file", assertThrows(IllegalArgumentException.class,
                () -> RulesFile.load(KEY, dir.resolve("none").toString(), path -> null)).getMessage());
    }
}
