package io.echopush.outbound;

/** A message in an {@link OutboundQueue}, with what may happen to it while it waits. */
final class Queued {

    private enum Kind {
        /** Published to a topic: the oldest waiting are dropped to make room. */
        PUBLISHED,
        /** The answer to the client's own request: never dropped. */
        REPLY,
        /** The latest state of a key: never dropped, replaced by a newer one while it waits. */
        LATEST
    }

    /** Only a LATEST one's message changes, and only while it waits. */
    private OutboundMessage message;
    private final Kind kind;
    private final String key;

    private Queued(OutboundMessage message, Kind kind, String key) {
        this.message = message;
        this.kind = kind;
        this.key = key;
    }

    static Queued published(OutboundMessage message) {
        return new Queued(message, Kind.PUBLISHED, null);
    }

    static Queued reply(OutboundMessage message) {
        return new Queued(message, Kind.REPLY, null);
    }

    static Queued latest(String key, OutboundMessage message) {
        return new Queued(message, Kind.LATEST, key);
    }

    OutboundMessage message() {
        return message;
    }

    boolean droppable() {
        return kind == Kind.PUBLISHED;
    }

    boolean isLatest() {
        return kind == Kind.LATEST;
    }

    /** Whether {@code newer} is the latest state of this one's key. */
    boolean sameKey(Queued newer) {
        return kind == Kind.LATEST && newer.kind == Kind.LATEST && key.equals(newer.key);
    }

    /** Takes {@code newer}'s message (latest wins); answers the change in bytes. */
    int replaceBy(Queued newer) {
        int change = newer.message.bytes() - message.bytes();
        message = newer.message;
        return change;
    }
}
