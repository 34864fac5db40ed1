package io.echopush.config;

import io.echopush.bus.BusSetting;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The application's configuration, read once at startup.
 *
 * <p>Each {@link Setting} is looked up in this order, the first found wins: JVM system property,
 * environment variable, {@code web.xml} context-param, built-in default. A value that does not parse
 * or is out of range stops the deployment with a message naming the key, rather than running with a
 * silently different limit.
 */
public record Settings(
        int maxMessageBytes,
        List<String> allowedOrigins,
        boolean allowMissingOrigin,
        int maxConnections,
        int maxConnectionsPerAddress,
        int inboundMessagesPerSecond,
        int inboundMessageBurst,
        int inboundBytesPerSecond,
        int outboundMaxMessages,
        long outboundMaxBytes,
        long echoMaxUnreadBytes,
        long sendTimeoutMillis,
        long idleTimeoutMillis,
        long heartbeatIntervalMillis,
        long deadPeerTimeoutMillis,
        int pushMaxTopics,
        int pushMaxSubscriptions,
        int pushBadMessagesPerMinute,
        long pushPresenceIntervalMillis,
        int historySize,
        long historyTtlMillis,
        long historyMaxBytes,
        BusSetting bus,
        int metricsMaxTopicLabels) {

    /**
     * The largest {@code echopush.max-message-bytes} allowed, 4 MiB: Tyrus (Payara, GlassFish) refuses larger frames
     * with its default incoming buffer anyway, and it is what {@code /echo}'s binary handler lets a container hold
     * before the session's own limit is set (EchoEndpoint; docs/decisions.md D31).
     */
    public static final int MAX_MESSAGE_BYTES_CEILING = 4 * 1024 * 1024;

    public Settings {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Reads every setting through {@code contextParams} (may answer null) below system properties and environment. */
    public static Settings load(Function<String, String> contextParams) {
        return load(System.getProperties()::getProperty, System.getenv(), contextParams);
    }

    static Settings load(Function<String, String> systemProperties, Map<String, String> environment,
            Function<String, String> contextParams) {
        Source source = new Source(systemProperties, environment, contextParams);
        return new Settings(
                source.integer(Setting.MAX_MESSAGE_BYTES, 1, MAX_MESSAGE_BYTES_CEILING),
                source.list(Setting.ALLOWED_ORIGINS),
                source.bool(Setting.ALLOW_MISSING_ORIGIN),
                source.integer(Setting.MAX_CONNECTIONS, 0, Integer.MAX_VALUE),
                source.integer(Setting.MAX_CONNECTIONS_PER_ADDRESS, 0, Integer.MAX_VALUE),
                source.integer(Setting.INBOUND_MESSAGES_PER_SECOND, 1, Integer.MAX_VALUE),
                source.integer(Setting.INBOUND_MESSAGE_BURST, 1, Integer.MAX_VALUE),
                source.integer(Setting.INBOUND_BYTES_PER_SECOND, 1, Integer.MAX_VALUE),
                source.integer(Setting.OUTBOUND_MAX_MESSAGES, 1, 1_000_000),
                source.integer(Setting.OUTBOUND_MAX_BYTES, 1, Integer.MAX_VALUE),
                source.integer(Setting.ECHO_MAX_UNREAD_BYTES, 64, Integer.MAX_VALUE),
                source.integer(Setting.SEND_TIMEOUT_MILLIS, 1, Integer.MAX_VALUE),
                source.integer(Setting.IDLE_TIMEOUT_MILLIS, 0, Integer.MAX_VALUE),
                source.integer(Setting.HEARTBEAT_INTERVAL_MILLIS, 0, Integer.MAX_VALUE),
                source.integer(Setting.DEAD_PEER_TIMEOUT_MILLIS, 0, Integer.MAX_VALUE),
                source.integer(Setting.PUSH_MAX_TOPICS, 1, 10_000_000),
                source.integer(Setting.PUSH_MAX_SUBSCRIPTIONS, 1, 100_000),
                source.integer(Setting.PUSH_BAD_MESSAGES_PER_MINUTE, 1, 1_000_000),
                source.integer(Setting.PUSH_PRESENCE_INTERVAL_MILLIS, 10, 3_600_000),
                source.integer(Setting.HISTORY_SIZE, 0, 100_000),
                source.integer(Setting.HISTORY_TTL_MILLIS, 1000, Integer.MAX_VALUE),
                source.integer(Setting.HISTORY_MAX_BYTES, 0, Integer.MAX_VALUE),
                source.bus(Setting.BUS),
                source.integer(Setting.METRICS_MAX_TOPIC_LABELS, 0, 10_000));
    }

    /** Defaults overridden only by system properties and environment: for servers without a servlet context. */
    public static Settings fromEnvironment() {
        return load(name -> null);
    }

    private record Source(Function<String, String> systemProperties, Map<String, String> environment,
            Function<String, String> contextParams) {

        String raw(Setting setting) {
            String value = systemProperties.apply(setting.key());
            if (value == null) {
                value = environment.get(setting.environmentVariable());
            }
            if (value == null) {
                value = contextParams.apply(setting.key());
            }
            return value == null ? setting.defaultValue() : value.trim();
        }

        int integer(Setting setting, int min, int max) {
            String value = raw(setting);
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below with the key's name
            }
            throw new IllegalArgumentException(
                    setting.key() + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        }

        boolean bool(Setting setting) {
            String value = raw(setting);
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            throw new IllegalArgumentException(setting.key() + " must be true or false, not '" + value + "'");
        }

        BusSetting bus(Setting setting) {
            try {
                return new BusSetting(raw(setting));
            } catch (IllegalArgumentException e) {
                // The value is not repeated: a Redis URL may carry a password.
                throw new IllegalArgumentException(
                        setting.key() + " must be local or redis://host:port (" + e.getMessage() + ")");
            }
        }

        List<String> list(Setting setting) {
            return Arrays.stream(raw(setting).split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .toList();
        }
    }
}
