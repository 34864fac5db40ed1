package io.echopush.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open a WebSocket, so that other sites cannot open one with the user's cookies: the page's
 * own, plus an exact allow-list (normalised; no wildcards, no substrings; the opaque {@code null} never matches; D2).
 */
public final class OriginPolicy {

    private final Set<String> allowed;
    private final boolean allowMissing;

    /**
     * @param allowedOrigins origins allowed besides the request's own; each must be a valid http(s) origin
     * @param allowMissing   whether a handshake without {@code Origin} (a non-browser client) is allowed
     * @throws IllegalArgumentException naming the first entry that is not an origin
     */
    public OriginPolicy(List<String> allowedOrigins, boolean allowMissing) {
        this.allowed = allowedOrigins.stream()
                .map(origin -> normalize(origin).orElseThrow(() -> new IllegalArgumentException(
                        "not an origin (scheme://host[:port]): '" + origin + "'")))
                .collect(Collectors.toUnmodifiableSet());
        this.allowMissing = allowMissing;
    }

    /** The full check, made where the request is known: missing, allow-listed, or the request's own origin. */
    public boolean allows(String origin, String requestScheme, String requestHost, int requestPort) {
        if (allowsWithoutRequest(origin)) {
            return true;
        }
        return origin != null && normalize(origin)
                .map(candidate -> candidate.equals(format(requestScheme, requestHost, requestPort)))
                .orElse(false);
    }

    /** The part of the check that needs no request: missing (if allowed) or on the allow-list. */
    public boolean allowsWithoutRequest(String origin) {
        if (origin == null) {
            return allowMissing;
        }
        return normalize(origin).map(allowed::contains).orElse(false);
    }

    /** {@code scheme://host:port} in lower case with the port made explicit, or empty if not an http(s) origin. */
    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            boolean bare = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty());
            if (scheme == null || uri.getHost() == null || !bare) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.empty();
            }
            return Optional.of(format(scheme, uri.getHost(), uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String format(String scheme, String host, int port) {
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        String bareHost = host.toLowerCase(Locale.ROOT);
        if (bareHost.startsWith("[") && bareHost.endsWith("]")) {
            bareHost = bareHost.substring(1, bareHost.length() - 1);
        }
        int explicitPort = port >= 0 ? port : lowerScheme.equals("https") ? 443 : 80;
        return lowerScheme + "://" + bareHost + ":" + explicitPort;
    }
}
