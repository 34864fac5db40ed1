package io.echopush.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.FailingEndpoint;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.ServerMetrics;
import io.echopush.testing.TestClient;
import java.net.URI;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * reliability case 29: an exception thrown in a handler closes that session with 1011 (RFC 6455 §7.4.1,
 * "an unexpected condition that prevented it from fulfilling the request"), takes it out of the registry, and
 * touches nobody else. The production endpoints have no reachable throw, so the built WAR gets one test
 * endpoint, {@link FailingEndpoint}, that throws when told to and otherwise goes through the same registry.
 *
 * <p>The 1011 is ours: with the close in {@code SessionRegistry.failed} taken out, Tomcat 10.1 closed with 1002
 * (a protocol error, which this is not) and WildFly 39 and GlassFish 7 sent nothing at all, leaving the session
 * open; both tests then fail.
 */
class HandlerFailureIT extends InContainerTest {

    @Deployment(testable = false)
    public static WebArchive war() {
        return Deployments.builtWar().addClass(FailingEndpoint.class);
    }

    @Test
    void exceptionInOnMessageClosesOnlyThatSessionWith1011() {
        AppUrls urls = AppUrls.of(base);
        long echoBefore = ServerMetrics.sessionsOpen(urls, "echo");
        try (TestClient bystander = TestClient.connect(urls.ws("echo"));
                TestClient sibling = TestClient.connect(urls.ws(FailingEndpoint.PATH));
                TestClient failing = TestClient.connect(urls.ws(FailingEndpoint.PATH))) {
            // the endpoint works until told to fail, or a 1011 below would prove nothing
            sibling.assertEchoes("sibling before");
            failing.assertEchoes("failing before");
            ServerMetrics.awaitSessionsOpen(urls, FailingEndpoint.NAME, 2);
            ServerMetrics.awaitSessionsOpen(urls, "echo", echoBefore + 1);

            failing.sendText(FailingEndpoint.FAIL);
            // our code decides the code (SessionRegistry.failed), not the container: see the class comment
            assertEquals(1011, failing.awaitClose().code(), "close code the failing client sees");

            ServerMetrics.awaitSessionsOpen(urls, FailingEndpoint.NAME, 1);
            sibling.assertEchoes("sibling after");
            bystander.assertEchoes("bystander after");
            assertEquals(echoBefore + 1, ServerMetrics.sessionsOpen(urls, "echo"));
        }
        ServerMetrics.awaitSessionsOpen(urls, FailingEndpoint.NAME, 0);
        ServerMetrics.awaitSessionsOpen(urls, "echo", echoBefore);
    }

    @Test
    void exceptionInOnOpenClosesThatSessionWith1011() {
        AppUrls urls = AppUrls.of(base);
        URI failOnOpen = URI.create(urls.ws(FailingEndpoint.PATH) + "?" + FailingEndpoint.FAIL_ON_OPEN);
        try (TestClient bystander = TestClient.connect(urls.ws(FailingEndpoint.PATH));
                TestClient failing = TestClient.connect(failOnOpen)) {
            // the handshake is done before @OnOpen runs, so the failure can only end the session, with 1011
            assertEquals(1011, failing.awaitClose().code(), "close code the failing client sees");
            ServerMetrics.awaitSessionsOpen(urls, FailingEndpoint.NAME, 1);
            bystander.assertEchoes("bystander after");
        }
        ServerMetrics.awaitSessionsOpen(urls, FailingEndpoint.NAME, 0);
    }
}
