package io.echopush.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.SseClient;
import io.echopush.testing.TestClient;
import io.echopush.topic.ClockPublisher;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying the application with clients connected: each hears 1001 (going away), the clock stops with it,
 * and the endpoints are gone. The test deploys and undeploys the WAR itself, in two steps, because Arquillian
 * hands out a deployment's URL only to a test method that begins after the deployment. (No second deployment
 * can tell where the server listens: on Payara Micro, managed, every deployment is a server JVM of its own on
 * the one reserved port, so two cannot run at once.)
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UndeployIT {

    private static final String APP = "app";
    /** Payara Micro under its managed adapter undeploys by stopping the server JVM: see the two methods below. */
    private static final boolean UNDEPLOY_STOPS_THE_SERVER = "payara".equals(System.getProperty("arquillian.launch"));

    @Deployment(name = APP, managed = false, testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    @Order(1)
    void deploy() {
        deployer.deploy(APP);
    }

    @Test
    @Order(2)
    void openClientsHear1001AndTheEndpointsAreGone(@ArquillianResource @OperateOnDeployment(APP) URL app)
            throws Exception {
        boolean deployed = true;
        try {
            AppUrls urls = AppUrls.of(app);
            try (TestClient echo = TestClient.connect(urls.ws("echo"));
                    PushClient push = PushClient.connect(urls);
                    SseClient stream = SseClient.open(urls, "topic=" + ClockPublisher.TOPIC)) {
                echo.assertEchoes("before undeploy");
                push.subscribe(ClockPublisher.TOPIC);
                push.next("message"); // the clock is ticking
                stream.next(null);

                deployer.undeploy(APP);
                deployed = false;

                assertGoingAway(echo.awaitClose().code(), "/echo client");
                assertGoingAway(push.awaitClose().code(), "/push client");
                assertStreamEnds(stream);
            }
            assertNothingAnswersTheUpgrade(urls.ws("push"));
        } finally {
            if (deployed) {
                deployer.undeploy(APP);
            }
        }
    }

    /**
     * 1001, going away (RFC 6455 §7.4.1), from the application's undeploy. On Payara Micro (managed) undeploying
     * stops the Micro JVM (SIGTERM), and Micro's shutdown mostly cuts the WebSocket connections before the
     * application's close frames are written: the client sees the TCP connection end without a close frame, which
     * it reports as 1006 (§7.1.5). Seen in 4 of 5 shutdowns by hand; the fifth gave 1001. The WAR cannot order
     * the container's shutdown, so there either code is right, and nothing else.
     */
    private static void assertGoingAway(int code, String client) {
        if (UNDEPLOY_STOPS_THE_SERVER) {
            assertTrue(code == 1001 || code == 1006, client + ": close code " + code);
        } else {
            assertEquals(1001, code, client);
        }
    }

    /** The stream's response ends; its last event, where the container let it through, says 1001. */
    private static void assertStreamEnds(SseClient stream) {
        SseClient.Event last = null;
        for (SseClient.Event event = stream.nextOrEnd(); event != null; event = stream.nextOrEnd()) {
            last = event;
        }
        if (!UNDEPLOY_STOPS_THE_SERVER) {
            assertEquals("close", last == null ? null : last.name(), "the stream's last event");
        }
        if (last != null && "close".equals(last.name())) {
            assertEquals(1001, PushClient.read(last.data()).get("code").asInt(), last.data());
        }
    }

    /**
     * Tomcat goes on serving other contexts: the upgrade gets an HTTP answer that is not 101. On Payara Micro
     * (managed) undeploying stops the server itself, the adapter's way of undeploying: while Micro shuts down an
     * upgrade is still refused (503), then nothing listens any more, which must happen within the timeout.
     */
    private static void assertNothingAnswersTheUpgrade(URI endpoint) throws IOException, InterruptedException {
        if (!UNDEPLOY_STOPS_THE_SERVER) {
            assertNotEquals(101, RawWebSocket.handshake(endpoint, Map.of()).status());
            return;
        }
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (true) {
            try {
                assertNotEquals(101, RawWebSocket.handshake(endpoint, Map.of()).status());
            } catch (ConnectException gone) {
                return;
            } catch (IOException shuttingDown) {
                // connection cut while Micro stops: try again
            }
            assertTrue(System.nanoTime() < deadline, "the server still listens " + TestClient.TIMEOUT + " after undeploy");
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
