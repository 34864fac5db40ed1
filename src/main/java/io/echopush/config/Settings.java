package io.echopush.config;

import io.echopush.bus.BusSetting;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The configuration, read once at deploy and asked for by {@link Setting}, so two limits cannot trade places.
 * Lookup order: system property, environment variable, context-param, default; a bad value stops the deployment.
 */
public final class Settings {

    /** The largest {@code echopush.max-message-bytes}: what {@code @OnMessage(maxMessageSize)} declares (D31). */
    public static final int MAX_MESSAGE_BYTES_CEILING = 4 * 1024 * 1024;

    private final Map<Setting, Object> values;

    private Settings(Map<Setting, Object> values) {
        this.values = values;
    }

    /** Reads every setting through {@code contextParams} (may answer null) below system properties and environment. */
    public static Settings load(Function<String, String> contextParams) {
        return load(System.getProperties()::getProperty, System.getenv(), contextParams);
    }

    static Settings load(Function<String, String> systemProperties, Map<String, String> environment,
            Function<String, String> contextParams) {
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = systemProperties.apply(setting.key());
            if (value == null) {
                value = environment.get(setting.environmentVariable());
            }
            if (value == null) {
                value = contextParams.apply(setting.key());
            }
            String text = value == null ? setting.defaultValue() : value.trim();
            values.put(setting, setting.range().parse(setting.key(), text));
        }
        return new Settings(values);
    }

    /** Defaults overridden only by system properties and environment: for servers without a servlet context. */
    public static Settings fromEnvironment() {
        return load(name -> null);
    }

    /** A setting whose range is {@link Range#ints}. */
    public int ints(Setting setting) {
        return (Integer) value(setting, Range.Kind.INT);
    }

    /** A setting whose range is {@link Range#longs}. */
    public long longs(Setting setting) {
        return (Long) value(setting, Range.Kind.LONG);
    }

    /** A setting whose range is {@link Range#TRUE_OR_FALSE}. */
    public boolean flag(Setting setting) {
        return (Boolean) value(setting, Range.Kind.FLAG);
    }

    /** A setting whose range is {@link Range#ANY_LIST}. */
    @SuppressWarnings("unchecked")
    public List<String> list(Setting setting) {
        return (List<String>) value(setting, Range.Kind.LIST);
    }

    /** A setting whose range is {@link Range#ANY_TEXT}. */
    public String text(Setting setting) {
        return (String) value(setting, Range.Kind.TEXT);
    }

    /** A setting whose range is {@link Range#SECRET_TEXT}: never logged, never in an error message. */
    public String secret(Setting setting) {
        return (String) value(setting, Range.Kind.SECRET);
    }

    /** {@link Setting#BUS}, the one setting of its kind. */
    public BusSetting bus() {
        return (BusSetting) value(Setting.BUS, Range.Kind.BUS);
    }

    private Object value(Setting setting, Range.Kind kind) {
        if (setting.range().kind() != kind) {
            throw new IllegalArgumentException(setting.key() + " is a " + setting.range().kind() + " setting, not "
                    + kind);
        }
        return values.get(setting);
    }

    /**
     * Every key and value, for the deploy log; the bus without its password ({@link BusSetting#toString}), a secret
     * as {@code (set)} or nothing.
     */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "Settings[", "]");
        values.forEach((setting, value) -> text.add(setting.key() + "=" + shown(setting, value)));
        return text.toString();
    }

    private static Object shown(Setting setting, Object value) {
        if (setting.range().kind() != Range.Kind.SECRET) {
            return value;
        }
        return value.toString().isEmpty() ? "" : "(set)";
    }
}
