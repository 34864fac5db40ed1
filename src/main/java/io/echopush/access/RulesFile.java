package io.echopush.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where {@code echopush.topic-rules} points: nothing (today's open rules), a file inside the WAR
 * ({@code WEB-INF/...}, read as a resource of the deployment) or a file on the server's disk. UTF-8.
 */
public final class RulesFile {

    private static final String WEB_INF = "WEB-INF/";

    private RulesFile() {
    }

    /**
     * @param key the setting's name, for errors
     * @param resources opens a path of the deployment (e.g. {@code /WEB-INF/rules}), answering null if none
     */
    public static TopicRules load(String key, String location, Function<String, InputStream> resources) {
        if (location.isEmpty()) {
            return TopicRules.OPEN;
        }
        String source = key + " (" + location + ")";
        String relative = location.startsWith("/") ? location.substring(1) : location;
        try {
            if (relative.startsWith(WEB_INF)) {
                try (InputStream in = resources.apply("/" + relative)) {
                    if (in == null) {
                        throw new IllegalArgumentException(source + ": no such file in the deployment");
                    }
                    return RulesParser.parse(utf8(in.readAllBytes(), source), source);
                }
            }
            Path path = Path.of(location);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(source + ": no such file");
            }
            return RulesParser.parse(utf8(Files.readAllBytes(path), source), source);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot be read", e);
        }
    }

    private static String utf8(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(source + ": not UTF-8 text");
        }
    }
}
