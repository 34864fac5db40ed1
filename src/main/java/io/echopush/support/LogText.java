package io.echopush.support;

/** Makes client-supplied header values safe for one log line: bounded length, no line breaks. */
public final class LogText {

    private static final int MAX = 120;

    private LogText() {
    }

    public static String clip(String value) {
        if (value == null) {
            return "(none)";
        }
        String oneLine = value.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "…";
    }
}
