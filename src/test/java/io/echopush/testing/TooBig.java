package io.echopush.testing;

/**
 * The reason a client gets with 1009 for a message over the default limit (64 KiB): ours, on every container,
 * except where the container refuses before any of our code runs (D36).
 */
public final class TooBig {

    public static final int LIMIT = 65536;

    /** Ours, from {@code MessageTooBigException}. */
    public static final String OURS = "Message exceeds 65536 bytes";

    /** Undertow reads a binary frame whole into the session's buffer (the limit) and refuses a larger one itself. */
    static final String UNDERTOW = "UT002040: Message exceeded max message size of 65536";

    private TooBig() {
    }

    /** For a message whose largest frame has {@code frameBytes}: binary ones over the limit are Undertow's on WildFly. */
    public static String reason(boolean binary, long frameBytes) {
        boolean wildfly = "wildfly".equals(System.getProperty("arquillian.launch"));
        return wildfly && binary && frameBytes > LIMIT ? UNDERTOW : OURS;
    }
}
