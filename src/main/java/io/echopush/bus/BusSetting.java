package io.echopush.bus;

import java.net.URI;

/**
 * The {@code echopush.bus} setting, checked: {@code local} or a Redis URL. Printed (the settings are logged at
 * deploy) without the URL's user and password.
 */
public record BusSetting(String value) {

    public static final BusSetting LOCAL = new BusSetting(Buses.LOCAL);

    /** @throws IllegalArgumentException if {@code value} is neither {@code local} nor a Redis URL */
    public BusSetting {
        if (!Buses.LOCAL.equals(value)) {
            Buses.redisUri(value);
        }
    }

    public boolean isLocal() {
        return Buses.LOCAL.equals(value);
    }

    @Override
    public String toString() {
        if (isLocal()) {
            return value;
        }
        URI uri = URI.create(value);
        return uri.getRawUserInfo() == null ? value : value.replace(uri.getRawUserInfo() + "@", "***@");
    }
}
