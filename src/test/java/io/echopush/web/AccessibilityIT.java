package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Browser;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The page for keyboard and screen reader users: axe-core (from the npm registry, pinned in src/test/a11y) finds no
 * violation on the connected page, and a flood of messages does not flood the screen reader.
 */
class AccessibilityIT extends BuiltWarTest {

    @Test
    void axeFindsNoViolationOnTheConnectedPage() throws Exception {
        try (Browser browser = Browser.start()) {
            browser.open(AppUrls.of(base).http("").toString());
            Page.echoConnect(browser);
            String tall = "hello, a long line that wraps ".repeat(80).strip(); // a tall entry: the log scrolls
            browser.script("document.getElementById('message').value = arguments[0];", tall);
            browser.byId("send").click();
            browser.await("the tall echo", d -> !d.findElements(
                    By.cssSelector("#log li.message[data-bytes='" + tall.length() + "']")).isEmpty());
            Page.pushConnect(browser, 1);
            Page.subscribe(browser, "clock");
            Page.awaitSubscribed(browser, "clock");
            browser.await("a tick", d -> browser.byId("push-clock-time").getText().matches("\\d\\d:\\d\\d:\\d\\d"));
            assertEquals(List.of(), axeViolations(browser));

            browser.script("document.getElementById('log').scrollTop = 0;"); // the jump button, once a tick comes
            browser.await("the jump button", d -> browser.byId("log-jump").isDisplayed());
            browser.byId("log-pause").click(); // the toolbar's other state
            assertEquals(List.of(), axeViolations(browser));
        }
    }

    /** The push panel on SSE: its transport switch, the transport said in a live region, the publish box's note. */
    @Test
    void axeFindsNoViolationWithThePushPanelOnSse() throws Exception {
        try (Browser browser = Browser.start()) {
            browser.open(AppUrls.of(base).http("").toString());
            browser.driver().findElement(By.cssSelector("input[name='push-transport'][value='sse']")).click();
            browser.byId("push-connect").click();
            Page.subscribe(browser, "clock");
            Page.awaitSubscribed(browser, "clock");
            assertEquals("status", browser.byId("push-transport").getAttribute("role"));
            assertTrue(browser.byId("push-publish-note").isDisplayed());
            assertEquals(List.of(), axeViolations(browser));
        }
    }

    /** The log is no live region; the announcer says connection changes and errors, at most one every 2 s. */
    @Test
    void aFloodOfMessagesIsNotReadOutOneByOne() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = "flood-" + UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = Browser.start(); PushClient publisher = PushClient.connect(urls)) {
            browser.open(urls.http("").toString());
            assertEquals("off", browser.byId("log").getAttribute("aria-live"));
            assertEquals("status", browser.byId("announcer").getAttribute("role"));
            Page.pushConnect(browser, 1);
            browser.await("the connection announced", d -> browser.byId("announcer").getAttribute("textContent")
                    .contains("push #1 open"));
            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);
            browser.script("window.__said = [];"
                    + "new MutationObserver(() => window.__said.push(document.getElementById('announcer').textContent))"
                    + ".observe(document.getElementById('announcer'), {childList: true, characterData: true, subtree: true});");
            long started = System.nanoTime();
            for (int i = 1; i <= 500; i++) {
                publisher.publish(topic, JsonNodeFactory.instance.numberNode(i));
            }
            browser.await("the flood received", d -> "500".equals(Page.item(d, topic)
                    .findElement(By.cssSelector(".seq")).getText()));
            Page.echoConnect(browser); // one more event worth saying
            browser.await("the echo connection announced", d -> ((List<?>) browser.script("return window.__said;"))
                    .stream().anyMatch(said -> said.toString().contains("connection #1 open")));
            List<?> said = (List<?>) browser.script("return window.__said;");
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(said.size() <= 1 + seconds / 2, "in " + seconds + " s, announced: " + said);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> axeViolations(Browser browser) throws Exception {
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        if (browser.script("return typeof axe;").equals("undefined")) {
            browser.script(Files.readString(Path.of(System.getProperty("axe.script"))));
        }
        return (List<String>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(r => done(r.violations.map(v => `${v.id}: ${v.help} — ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)))
                  .catch(e => done([`axe failed: ${e}`]));""");
    }
}
