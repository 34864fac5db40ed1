package io.echopush.protocol;

import java.util.regex.Pattern;

/** What a topic may be called: 1–64 characters of {@code A-Z a-z 0-9 . _ -}. */
public final class TopicName {

    /** The topic the server ticks on; only the server publishes to it. */
    public static final String CLOCK = "clock";

    public static final String RULE = "1-64 characters of A-Z a-z 0-9 . _ -";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private TopicName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Topics only the server publishes to: clients may subscribe but not publish. */
    public static boolean isServerOnly(String name) {
        return CLOCK.equals(name);
    }
}
