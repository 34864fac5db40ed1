package io.echopush.config;

import io.echopush.bus.BusSetting;
import java.util.Arrays;

/** The values a {@link Setting} accepts, beside its key, so that a key and its limits are written in one place. */
public final class Range {

    /** How a value is read, and which accessor of {@link Settings} answers it. */
    enum Kind { INT, LONG, FLAG, LIST, TEXT, SECRET, BUS }

    public static final Range TRUE_OR_FALSE = new Range(Kind.FLAG, 0, 0);
    /** Comma-separated, each item trimmed, empty items dropped. */
    public static final Range ANY_LIST = new Range(Kind.LIST, 0, 0);
    /** Any text, trimmed; what it means is checked where it is used. */
    public static final Range ANY_TEXT = new Range(Kind.TEXT, 0, 0);
    /** Any text, trimmed, never shown: {@link Settings#toString} says only whether it is set. */
    public static final Range SECRET_TEXT = new Range(Kind.SECRET, 0, 0);
    public static final Range LOCAL_OR_REDIS = new Range(Kind.BUS, 0, 0);

    private final Kind kind;
    private final long min;
    private final long max;

    private Range(Kind kind, long min, long max) {
        this.kind = kind;
        this.min = min;
        this.max = max;
    }

    /** A whole number from {@code min} to {@code max}, read with {@link Settings#ints}. */
    public static Range ints(int min, int max) {
        return new Range(Kind.INT, min, max);
    }

    /** A whole number from {@code min} to {@code max}, read with {@link Settings#longs}. */
    public static Range longs(long min, long max) {
        return new Range(Kind.LONG, min, max);
    }

    Kind kind() {
        return kind;
    }

    /** The value {@code text} stands for; a bad one stops startup with a message naming {@code key}. */
    Object parse(String key, String text) {
        return switch (kind) {
            case INT -> (int) whole(key, text);
            case LONG -> whole(key, text);
            case FLAG -> flag(key, text);
            case LIST -> Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
            case TEXT, SECRET -> text;
            case BUS -> bus(key, text);
        };
    }

    private long whole(String key, String text) {
        try {
            long parsed = Long.parseLong(text);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the key's name
        }
        throw new IllegalArgumentException(
                key + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }

    private static boolean flag(String key, String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(key + " must be true or false, not '" + text + "'");
    }

    private static BusSetting bus(String key, String text) {
        try {
            return new BusSetting(text);
        } catch (IllegalArgumentException e) {
            // The value is not repeated: a Redis URL may carry a password.
            throw new IllegalArgumentException(key + " must be local or redis://host:port (" + e.getMessage() + ")");
        }
    }
}
