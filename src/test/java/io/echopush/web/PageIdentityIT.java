package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Browser;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.TestClient;
import io.echopush.testing.TestUsers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The push panel's sign-in in Chromium, against a WAR whose rules keep {@code secret.*} to publishers (D45): the page
 * shows whom the server takes its socket for; signed in it subscribes there and receives, anonymous it is refused and
 * the log says why, and after signing out it is anonymous again.
 */
class PageIdentityIT extends InContainerTest {

    static final String RULES = """
            secret.*  subscribe=publisher  publish=publisher
            *         subscribe=anonymous  publish=anonymous
            """;

    @Deployment(testable = false)
    public static WebArchive war() {
        // GlassFish and Payara know only the roles a WAR declares; publisher is declared in web.xml.
        WebArchive war = Deployments.builtWar(Map.of("echopush.topic-rules", "WEB-INF/topic-rules.txt"));
        return war.addAsWebInfResource(new StringAsset(RULES), "topic-rules.txt");
    }

    @Test
    void aSignedInPageSubscribesToAProtectedTopicAndReceivesWhatIsPublishedThere() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = "secret." + UUID.randomUUID();
        try (Browser browser = Page.open(base)) {
            Page.pushConnect(browser, 1);
            awaitIdentity(browser, "anonymous", "");
            signIn(browser, TestUsers.PUBLISHER);
            Page.pushConnected(browser, 2);
            // the session's user, on every container: no token (tokens are off here) and no credentials on the socket
            assertEquals("test-publisher (roles: publisher)", awaitIdentity(browser, "user", "test-publisher")
                    .getText());
            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);
            assertEquals(202, publishOverHttp(urls, topic, "{\"for\":\"publishers\"}").statusCode());
            Page.awaitReceivedText(browser, "{\"for\":\"publishers\"}");
            Page.assertNoScriptErrors(browser);
        }
    }

    @Test
    void anAnonymousPageIsRefusedAndTheLogShowsTheReasonWithoutPretendingToBeSubscribed() throws Exception {
        String topic = "secret." + UUID.randomUUID();
        try (Browser browser = Page.open(base)) {
            Page.pushConnect(browser, 1);
            assertEquals("anonymous", awaitIdentity(browser, "anonymous", "").getText());
            Page.subscribe(browser, topic);
            WebElement refused = awaitRefusal(browser, "subscribe", topic);
            assertEquals("forbidden", refused.findElement(By.cssSelector(".reason")).getText());
            assertEquals("the topic rules do not let anonymous subscribe to " + topic + " (sign in, if your user may)",
                    refused.findElement(By.cssSelector(".note")).getText());
            browser.await("the refused topic leaves the list", d -> Page.item(d, topic) == null);
            assertEquals("forbidden", browser.byId("push-last-error").getText());

            Page.publish(browser, topic, "1");
            assertEquals("forbidden", awaitRefusal(browser, "publish", topic).findElement(By.cssSelector(".reason"))
                    .getText());
            // one character off the protected prefix: the open rule
            Page.subscribe(browser, "secret");
            Page.awaitSubscribed(browser, "secret");
            assertNull(Page.item(browser.driver(), topic));
            Page.assertNoScriptErrors(browser);
        }
    }

    @Test
    void aWrongPasswordIsSaidAndSigningOutMakesThePageAnonymousAgain() throws Exception {
        String topic = "secret." + UUID.randomUUID();
        try (Browser browser = Page.open(base)) {
            Page.pushConnect(browser, 1);
            awaitIdentity(browser, "anonymous", "");
            Page.type(browser, "push-user", TestUsers.PUBLISHER.user());
            Page.type(browser, "push-password", "wrong");
            browser.byId("push-signin").click();
            browser.await("the log says the password is wrong", d -> !Page.shownEntries(d,
                    ".error[data-status='401']").isEmpty());
            assertEquals("", browser.byId("push-password").getAttribute("value"), "the password is not kept");

            signIn(browser, TestUsers.PUBLISHER);
            awaitIdentity(browser, "user", "test-publisher");
            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);
            browser.byId("push-signout").click();
            // the server closes the socket opened in the session (1008); the next socket is anonymous, its
            // subscribe again is refused, and the topic leaves the list
            awaitIdentity(browser, "anonymous", "");
            browser.await("the log says signed out",
                    d -> Page.shownEntries(d, ".info[data-signed-out='true']").size() == 1);
            List<WebElement> closed = Page.shownEntries(browser.driver(), ".close[data-code='1008']");
            assertEquals(1, closed.size(), "one close, the sign-out's");
            assertEquals("signed out: the socket's sign-in ended, so the server closed it",
                    closed.get(0).findElement(By.cssSelector(".note")).getText());
            awaitRefusal(browser, "subscribe", topic);
            browser.await("the refused topic leaves the list", d -> Page.item(d, topic) == null);
            browser.await("Sign out is disabled", d -> !browser.byId("push-signout").isEnabled());
            Page.assertNoScriptErrors(browser);
        }
    }

    /** What the page's sign-in checks the password with, without cookies: no dialog of the browser's own (D45). */
    @Test
    void getApiSessionSaysWhoTheCredentialsAre() throws Exception {
        AppUrls urls = AppUrls.of(base);
        HttpResponse<String> publisher = getSession(urls, TestUsers.PUBLISHER.basicAuthorization());
        assertEquals(200, publisher.statusCode());
        assertEquals("{\"user\":\"test-publisher\",\"roles\":[\"publisher\"]}", publisher.body());
        assertEquals(403, getSession(urls, TestUsers.READER.basicAuthorization()).statusCode());
        assertEquals(401, getSession(urls, "Basic " + Base64.getEncoder()
                .encodeToString("test-publisher:wrong".getBytes(StandardCharsets.UTF_8))).statusCode());
    }

    private static HttpResponse<String> getSession(AppUrls urls, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(urls.http("api/session"))
                .header("Authorization", authorization).timeout(TestClient.TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void signIn(Browser browser, TestUsers user) {
        Page.type(browser, "push-user", user.user());
        Page.type(browser, "push-password", user.password());
        browser.byId("push-signin").click();
    }

    private static WebElement awaitIdentity(Browser browser, String identity, String user) {
        return browser.await("acts as " + identity + " " + user, d -> {
            WebElement shown = browser.byId("push-identity");
            return identity.equals(shown.getAttribute("data-identity")) && user.equals(shown.getAttribute("data-user"))
                    ? shown : null;
        });
    }

    private static WebElement awaitRefusal(Browser browser, String action, String topic) {
        return browser.await(action + " of " + topic + " refused in the log", d -> Page.shownEntries(d,
                ".error[data-reply='error'][data-action='" + action + "'][data-topic='" + topic + "']").stream()
                .findFirst().orElse(null));
    }

    private static HttpResponse<String> publishOverHttp(AppUrls urls, String topic, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(urls.http("api/topics/" + topic))
                .header("Authorization", TestUsers.PUBLISHER.basicAuthorization())
                .header("Content-Type", "application/json").timeout(TestClient.TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
