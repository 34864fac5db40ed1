package io.echopush.testing;

import java.net.http.HttpClient;

/**
 * The HTTP client of tests that fetch what a browser fetches (the page, its scripts, {@code /metrics}).
 * HTTP/1.1, as browsers speak without TLS: the JDK client's default asks for an h2c upgrade on every new
 * connection, and WildFly's Undertow answers such a GET wrongly now and then when the body is over 16 KiB
 * (about 1 in 100 for {@code push.js}: an HTTP/1.1 body where an HTTP/2 frame belongs, or EOF;
 * docs/containers.md).
 */
public final class Http {

    public static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(TestClient.TIMEOUT).build();

    private Http() {
    }
}
