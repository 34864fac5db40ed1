package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.testing.AppUrls;
import io.echopush.testing.Browser;
import io.echopush.testing.Deployments;
import io.echopush.testing.InContainerTest;
import io.echopush.testing.PushClient;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The push panel on SSE against rules that keep {@code secret.*} to publishers: a stream naming a forbidden topic is
 * refused with 403 before it starts, which an EventSource cannot read. The page says so, shows the server's reason,
 * drops that topic (as a refused subscribe on the WebSocket) and goes on receiving the others.
 */
class StreamRefusalIT extends InContainerTest {

    @Deployment(testable = false)
    public static WebArchive war() {
        WebArchive war = Deployments.builtWar(Map.of("echopush.topic-rules", "WEB-INF/topic-rules.txt"));
        return war.addAsWebInfResource(new StringAsset(PageIdentityIT.RULES), "topic-rules.txt");
    }

    @Test
    void aForbiddenTopicIsRefusedSaidAndDroppedAndTheOthersGoOn() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String open = "open-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "secret." + UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = Page.open(base); PushClient publisher = PushClient.connect(urls)) {
            browser.driver().findElement(By.cssSelector("input[name='push-transport'][value='sse']")).click();
            browser.byId("push-connect").click();
            Page.subscribe(browser, open);
            Page.awaitSubscribed(browser, open);

            Page.subscribe(browser, secret); // the stream reopens naming both: refused as a whole
            browser.await("the refusal said", d -> !d.findElements(
                    By.cssSelector("#log li.error[data-refused='true']")).isEmpty());
            WebElement reason = browser.await("the server's reason", d -> d.findElements(
                    By.cssSelector("#log li.error[data-status='403']")).stream().findFirst().orElse(null));
            assertEquals("forbidden: " + secret, reason.findElement(By.cssSelector(".reason")).getText());
            assertTrue(browser.driver().findElements(By.cssSelector("#log li.error[data-refused='true']")).get(0)
                    .getText().contains("stream refused or unreachable"));
            browser.await("the forbidden topic leaves the list", d -> Page.item(d, secret) == null);
            assertEquals("forbidden: " + secret, browser.byId("push-last-error").getText());

            Page.awaitSubscribed(browser, open);
            publisher.publish(open, PushClient.read("\"still here\""));
            browser.await("a message of the other topic", d -> d.findElements(By.cssSelector(
                    "#log li.message[data-topic='" + open + "'] .data")).stream()
                    .anyMatch(data -> data.getText().equals("\"still here\"")));
            Page.assertNoScriptErrors(browser);
        }
    }
}
