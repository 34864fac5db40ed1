package io.echopush.access;

/** What a client asks to do with a topic; a history read needs the right to subscribe, as it reads the same. */
public enum Action {
    SUBSCRIBE("subscribe"),
    PUBLISH("publish"),
    HISTORY("history");

    private final String label;

    Action(String label) {
        this.label = label;
    }

    /** The name in logs and in {@code /metrics}' {@code action} label. */
    public String label() {
        return label;
    }
}
