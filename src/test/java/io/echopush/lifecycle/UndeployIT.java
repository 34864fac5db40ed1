package io.echopush.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.echopush.push.ClockPublisher;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Deployments;
import io.echopush.testing.PushClient;
import io.echopush.testing.RawWebSocket;
import io.echopush.testing.TestClient;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying the application with clients connected: each hears 1001 (going away), the clock stops with it,
 * and the endpoints are gone. The test deploys and undeploys the WAR itself; a tiny managed "probe" deployment
 * tells it where the server listens.
 */
@ExtendWith(ArquillianExtension.class)
class UndeployIT {

    private static final String APP = "app";

    @Deployment(name = "probe", order = 1, testable = false)
    public static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "undeploy-probe.war")
                .addAsWebResource(new StringAsset("probe"), "index.html");
    }

    @Deployment(name = APP, managed = false, testable = false)
    public static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    private Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment("probe")
    private URL probe;

    @Test
    void openClientsHear1001AndTheEndpointsAreGone() throws Exception {
        deployer.deploy(APP);
        boolean deployed = true;
        try {
            AppUrls urls = AppUrls.besides(probe);
            try (TestClient echo = TestClient.connect(urls.ws("echo"));
                    PushClient push = PushClient.connect(urls)) {
                echo.assertEchoes("before undeploy");
                push.subscribe(ClockPublisher.TOPIC);
                push.next("message"); // the clock is ticking

                deployer.undeploy(APP);
                deployed = false;

                assertEquals(1001, echo.awaitClose().code(), "/echo client");
                assertEquals(1001, push.awaitClose().code(), "/push client");
            }
            // Nothing answers the upgrade any more.
            assertNotEquals(101, RawWebSocket.handshake(urls.ws("push"), Map.of()).status());
        } finally {
            if (deployed) {
                deployer.undeploy(APP);
            }
        }
    }
}
