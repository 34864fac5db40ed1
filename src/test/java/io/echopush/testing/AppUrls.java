package io.echopush.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/** The addresses of the application under test, derived from its base URL ({@code http://host:port/echo-push/}). */
public record AppUrls(URI base) {

    public static final String CONTEXT_PATH = "/echo-push/";

    /**
     * From the URL Arquillian injects. The context path is asserted because an adapter that failed to deploy
     * hands out a base URL without one; the host becomes 127.0.0.1 because some adapters hand out the
     * machine's network address, and tests stay on loopback.
     */
    public static AppUrls of(URL deployed) {
        try {
            URI uri = deployed.toURI();
            assertEquals(CONTEXT_PATH, uri.getPath(), "the WAR is not deployed at its context path");
            return new AppUrls(new URI("http", null, "127.0.0.1", uri.getPort(), CONTEXT_PATH, null, null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(deployed.toString(), e);
        }
    }

    /** {@code http(s)://host:port/echo-push/<path>} */
    public URI http(String path) {
        return base.resolve(path);
    }

    /** {@code ws(s)://host:port/echo-push/<path>} */
    public URI ws(String path) {
        return URI.create(base.resolve(path).toString().replaceFirst("^http", "ws"));
    }

    /** The origin a browser showing the page would send: {@code http://host:port}. */
    public String origin() {
        return base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
    }
}
