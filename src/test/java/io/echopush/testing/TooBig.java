package io.echopush.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.config.Settings;
import io.echopush.session.SessionRegistry;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reason a client gets with 1009 for a message over the default limit (64 KiB): ours for text on every
 * container; for binary, ours where our code sees the message, else the container's own (D36).
 */
public final class TooBig {

    public static final int LIMIT = 65536;

    /** Ours, from {@code MessageTooBigException}. */
    public static final String OURS = "Message exceeds 65536 bytes";

    /** The server under test: the Arquillian container's qualifier, or "tyrus" for Tyrus's standalone server. */
    public static final String CONTAINER = System.getProperty("arquillian.launch", "tomcat");

    private static final int CEILING = Settings.MAX_MESSAGE_BYTES_CEILING;

    /** The servers whose WebSocket implementation is Tyrus. */
    private static final List<String> TYRUS = List.of("tyrus", "glassfish", "payara");

    private static final String UNDERTOW = "UT002040: Message exceeded max message size of 65536";

    /** Tyrus's incoming buffer in a servlet container (its default: kept, D36); a larger frame gets 1011. */
    private static final int TYRUS_BUFFER = 4 * 1024 * 1024 + 11;

    private TooBig() {
    }

    private static Pattern exactly(String reason) {
        return Pattern.compile(Pattern.quote(reason));
    }

    /**
     * What the reason of 1009 must match on {@code server} for a message to {@code endpoint} ("echo" or "push") of
     * {@code bytes}.
     */
    public static Pattern reason(String server, String endpoint, boolean binary, long bytes) {
        if (!binary) {
            return exactly(OURS);
        }
        return switch (server) {
            // Tomcat reads a binary message whole into the session's buffer (the limit) and refuses it itself.
            case "tomcat" -> Pattern.compile("No async message support and buffer too small\\. "
                    + "Buffer size: \\[65,536\\], Message size: \\[[\\d,]+\\]");
            // So does Undertow for /echo once its @OnOpen has set the limit; @OnOpen runs on a worker, so a message
            // that comes first meets the handler's maxMessageSize, the setting's ceiling, and reaches our code (seen
            // in a CI run). /push keeps that ceiling (D31), and Undertow refuses only beyond it.
            case "wildfly" -> bytes > CEILING ? exactly(UNDERTOW)
                    : endpoint.equals("push") ? exactly(OURS)
                    : Pattern.compile(Pattern.quote(UNDERTOW) + "|" + Pattern.quote(OURS));
            // Tyrus (Payara, GlassFish) hands a whole binary message up to the handler's maxMessageSize (the
            // setting's ceiling, D31) to our code, and refuses a larger one itself.
            case "tyrus", "payara", "glassfish" -> exactly(bytes > CEILING ? "Too big." : OURS);
            // Jetty counts a binary message as it arrives and refuses it at the limit itself, before our code.
            case "jetty" -> Pattern.compile("Binary message too large: [\\d,]+ > 65,536");
            default -> throw new IllegalArgumentException("no reasons known for " + server);
        };
    }

    /** Asserts a close for a message over the limit whose largest frame has {@code frameBytes}: code and reason. */
    public static void assertClosed(String server, String endpoint, boolean binary, long bytes, long frameBytes,
            int code, String reason) {
        // Tyrus holds a whole frame before any application code runs, and refuses one over its buffer itself; or
        // (two CI runs on GlassFish, 16 MiB frames) stops reading it without a word, and then the heartbeat's
        // dead-peer timeout closes the connection (docs/containers.md).
        boolean tyrusOverflow = TYRUS.contains(server) && frameBytes > TYRUS_BUFFER;
        if (tyrusOverflow && code == 1001) {
            assertEquals(SessionRegistry.DEAD_PEER_REASON, reason, "a 1001 for a frame over Tyrus's buffer");
            return;
        }
        assertEquals(tyrusOverflow ? 1011 : 1009, code, "reason: " + reason);
        Pattern expected = tyrusOverflow ? exactly("Buffer overflow.") : reason(server, endpoint, binary, bytes);
        assertTrue(expected.matcher(reason).matches(), server + ": reason '" + reason + "' is not " + expected);
    }
}
