package io.echopush.config;

import java.util.Locale;

/**
 * Every configuration key with its range, default and meaning, so that a new key is written here and nowhere else
 * in code; docs/configuration.md's table lists exactly these (ConfigurationDocTest).
 */
public enum Setting {
    MAX_MESSAGE_BYTES("echopush.max-message-bytes", Range.ints(1, Settings.MAX_MESSAGE_BYTES_CEILING), "65536",
            "Largest text (UTF-8 bytes) or binary message accepted, at most 4194304 (4 MiB); one byte more closes "
                    + "the session with 1009."),
    ALLOWED_ORIGINS("echopush.allowed-origins", Range.ANY_LIST, "",
            "Comma-separated browser origins allowed besides the page's own, matched exactly (e.g. "
                    + "https://app.example.com)."),
    ALLOW_MISSING_ORIGIN("echopush.allow-missing-origin", Range.TRUE_OR_FALSE, "true",
            "Whether a handshake without an Origin header (a non-browser client) is accepted."),
    MAX_CONNECTIONS("echopush.max-connections", Range.ints(0, Integer.MAX_VALUE), "20000",
            "WebSocket connections and SSE streams open at once, all endpoints together; one more is refused with "
                    + "HTTP 503 and Retry-After (0 = no cap)."),
    MAX_CONNECTIONS_PER_ADDRESS("echopush.max-connections-per-address", Range.ints(0, Integer.MAX_VALUE), "1000",
            "WebSocket connections and SSE streams open at once from one remote address (as the container reports "
                    + "it: behind a proxy, let the container read the forwarded address); one more is refused with HTTP "
                    + "503 and Retry-After (0 = no cap)."),
    INBOUND_MESSAGES_PER_SECOND("echopush.inbound.messages-per-second", Range.ints(1, Integer.MAX_VALUE), "1000",
            "Messages one session may send per second, on average; past that (and its burst) it is closed with 1008."),
    INBOUND_MESSAGE_BURST("echopush.inbound.message-burst", Range.ints(1, Integer.MAX_VALUE), "5000",
            "Messages one session may send at once, faster than its rate per second."),
    INBOUND_BYTES_PER_SECOND("echopush.inbound.bytes-per-second", Range.ints(1, Integer.MAX_VALUE), "16777216",
            "Bytes one session may send per second, on average, with a burst of two seconds' worth (at least one "
                    + "message of the size limit); past that it is closed with 1008."),
    OUTBOUND_MAX_MESSAGES("echopush.outbound.max-messages", Range.ints(1, 1_000_000), "1024",
            "Messages that may wait in one session's outbound queue (with 1 KiB messages the byte bound trips "
                    + "first)."),
    OUTBOUND_MAX_BYTES("echopush.outbound.max-bytes", Range.longs(1, Integer.MAX_VALUE), "1048576",
            "Bytes that may wait in one session's outbound queue (a single message may exceed it when the queue is "
                    + "empty)."),
    ECHO_MAX_UNREAD_BYTES("echopush.echo.max-unread-bytes", Range.longs(64, Integer.MAX_VALUE), "4194304",
            "Bytes of echoes one /echo client may leave unread on the server, in at most one message per 64 of "
                    + "them; past that it is closed with 1008."),
    SEND_TIMEOUT_MILLIS("echopush.send-timeout-ms", Range.longs(1, Integer.MAX_VALUE), "10000",
            "How long a client may leave its outbound queue full, or one send unfinished, before it is closed with "
                    + "1008."),
    IDLE_TIMEOUT_MILLIS("echopush.idle-timeout-ms", Range.longs(0, Integer.MAX_VALUE), "300000",
            "A session with no message in either direction for this long is closed by the container (0 = never)."),
    HEARTBEAT_INTERVAL_MILLIS("echopush.heartbeat-interval-ms", Range.longs(0, Integer.MAX_VALUE), "30000",
            "A session the server has heard nothing from (no message, no pong) for this long is pinged, and again "
                    + "after as long; an SSE stream quiet for as long gets a comment line (0 = never)."),
    DEAD_PEER_TIMEOUT_MILLIS("echopush.dead-peer-timeout-ms", Range.longs(0, Integer.MAX_VALUE), "75000",
            "A session the server has heard nothing from for this long, not even a pong, is forgotten at once and "
                    + "closed with 1001 (0 = never)."),
    PUSH_MAX_TOPICS("echopush.push.max-topics", Range.ints(1, 10_000_000), "10000",
            "Topics that may have subscribers at once; a subscribe that would open one more gets an error."),
    PUSH_MAX_SUBSCRIPTIONS("echopush.push.max-subscriptions", Range.ints(1, 100_000), "100",
            "Topics one /push session or /events stream may subscribe to at once."),
    PUSH_BAD_MESSAGES_PER_MINUTE("echopush.push.bad-messages-per-minute", Range.ints(1, 1_000_000), "20",
            "Bad /push messages a session may send per minute (a burst of this many at once); one more closes it "
                    + "with 1008."),
    PUSH_PRESENCE_INTERVAL_MILLIS("echopush.push.presence-interval-ms", Range.longs(10, 3_600_000), "1000",
            "How often a topic whose subscriber count changed tells its subscribers the new count (one presence "
                    + "message per topic per interval)."),
    HISTORY_SIZE("echopush.history.size", Range.ints(0, 100_000), "100",
            "Messages each topic keeps for clients that come back (subscribe with since, history, GET …/messages), "
                    + "in Redis too with the bus (its stream's MAXLEN); 0 keeps none, and a position is then only "
                    + "live."),
    HISTORY_TTL_MILLIS("echopush.history.ttl-ms", Range.longs(1000, Integer.MAX_VALUE), "300000",
            "How long a topic's history and position are kept after its last publish (in Redis too with the bus); a "
                    + "topic with no subscriber is forgotten then, and starts a new epoch."),
    HISTORY_MAX_BYTES("echopush.history.max-bytes", Range.longs(0, Integer.MAX_VALUE), "67108864",
            "Bytes all topics' histories (with the bus: this node's copies) may hold on this node together; past "
                    + "it, a topic's oldest messages go first."),
    BUS("echopush.bus", Range.LOCAL_OR_REDIS, "local",
            "Where topics are shared beyond this node: local (this node only) or redis://host:port, a Redis server "
                    + "that stores each message and gives it its position, so that every node sharing it delivers "
                    + "the same messages at the same positions (docs/scaling.md)."),
    METRICS_MAX_TOPIC_LABELS("echopush.metrics.max-topic-labels", Range.ints(0, 10_000), "100",
            "Topics that get their own label in /metrics; publishes to further topics are counted under "
                    + "topic=\"_other\"."),
    TOPIC_RULES("echopush.topic-rules", Range.ANY_TEXT, "",
            "Who may subscribe to and publish to which topics: a rules file, WEB-INF/… inside the WAR or a path on "
                    + "the server; none lets anyone subscribe to every topic and publish to every topic but clock "
                    + "(docs/security.md). A bad rule stops the deployment, naming its line."),
    TOKEN_SECRET("echopush.token-secret", Range.SECRET_TEXT, "",
            "The key that signs and checks access tokens (HS256): at least 32 random bytes, base64-encoded (openssl "
                    + "rand -base64 32), the same on every node; none turns tokens off. Never logged; a short or "
                    + "malformed key stops the deployment."),
    TOKEN_MAX_SECONDS("echopush.token-max-seconds", Range.ints(1, 86_400), "3600",
            "Longest lifetime of an access token, in seconds (POST /api/tokens); a token that claims a longer one "
                    + "is refused.");

    private final String key;
    private final Range range;
    private final String defaultValue;
    private final String description;

    Setting(String key, Range range, String defaultValue, String description) {
        this.key = key;
        this.range = range;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public Range range() {
        return range;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The key in upper case, {@code .} and {@code -} as {@code _}: {@code ECHOPUSH_MAX_MESSAGE_BYTES}. */
    public String environmentVariable() {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
