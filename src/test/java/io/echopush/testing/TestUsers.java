package io.echopush.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The users every test server knows (for Tomcat: {@code src/test/tomcat/conf/test-users.xml}); each container
 * profile configures the same two.
 */
public enum TestUsers {
    /** Has the role {@code publisher}: may publish over HTTP. */
    PUBLISHER("test-publisher", "test-publisher-secret"),
    /** Authenticated, but without the role. */
    READER("test-reader", "test-reader-secret");

    private final String name;
    private final String password;

    TestUsers(String name, String password) {
        this.name = name;
        this.password = password;
    }

    /** The user's name, as a person types it into a sign-in form. */
    public String user() {
        return name;
    }

    public String password() {
        return password;
    }

    /** The value of an {@code Authorization} header for BASIC authentication as this user. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
