package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.echopush.config.Setting;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Browser;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.Http;
import io.echopush.testing.PushClient;
import io.echopush.testing.TooBig;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The push panel of the client page in Chromium, used the way a person would: the clock ticking, publishing
 * to and from another client, markup shown as text, a reconnect after the server closed the page's socket.
 */
class PushPanelIT extends BuiltWarTest {

    private static final int MESSAGE_LIMIT = Integer.parseInt(Setting.MAX_MESSAGE_BYTES.defaultValue());

    @Test
    void theScriptsOfThePanelAreServedAsJavaScript() throws Exception {
        AppUrls urls = AppUrls.of(base);
        List<String> scripts;
        try (Stream<Path> files = Files.list(Path.of("webapp"))) { // every module of the page, as the WAR has them
            scripts = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".js")).toList();
        }
        assertTrue(scripts.size() > 10, "the page's modules: " + scripts);
        for (String script : scripts) {
            HttpResponse<Void> response = Http.CLIENT.send(
                    HttpRequest.newBuilder(urls.http(script)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, response.statusCode(), script);
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("text/javascript"), script + " served as " + type);
        }
    }

    @Test
    void subscribedToTheClockThePageShowsItTicking() throws Exception {
        AppUrls urls = AppUrls.of(base);
        try (Browser browser = Browser.start()) {
            browser.open(urls.http("").toString());
            // The push URL comes from the page's own location, like the echo URL.
            assertEquals(urls.ws("push").toString(), browser.byId("push-url").getText());
            Page.pushConnect(browser, 1);
            assertEquals(PushClient.PROTOCOL, browser.byId("push-protocol").getText());

            browser.byId("push-subscribe-clock").click();
            Page.awaitSubscribed(browser, "clock");

            String first = browser.await("a first tick in the clock element", d -> shownTime(browser));
            browser.await("the clock element moves on", d -> {
                String now = shownTime(browser);
                return now != null && !now.equals(first);
            });
            List<WebElement> ticks = browser.await("two clock messages in the log",
                    d -> atLeast(2, messageEntries(d, "clock")));
            long second = seq(ticks.get(1));
            assertEquals(seq(ticks.get(0)) + 1, second, "consecutive ticks have consecutive seq");
            Instant.parse(data(ticks.get(1)).get("time").asText());
            browser.await("the list shows the last seq", d -> {
                String shown = Page.item(d, "clock").findElement(By.cssSelector(".seq")).getText();
                return shown.matches("\\d+") && Long.parseLong(shown) >= second;
            });
            Page.assertNoScriptErrors(browser);
        }
    }

    @Test
    void publishedJsonReachesThePageAndAnotherClientAndTheirsIsShownAsText() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic("page");
        try (Browser browser = Browser.start(); PushClient other = PushClient.connect(urls)) {
            browser.open(urls.http("").toString());
            Page.pushConnect(browser, 1);
            Page.subscribe(browser, topic);
            assertEquals("1", Page.awaitSubscribed(browser, topic).getAttribute("data-subscribers"));

            // A second subscriber: the page learns the new count from a presence message.
            assertEquals(2, other.subscribe(topic));
            browser.await("the page shows 2 subscribers",
                    d -> "2".equals(Page.item(d, topic).findElement(By.cssSelector(".subscribers")).getText()));

            // From the page: the same JSON value comes back to the page and reaches the other client.
            String json = "{\"text\":\"héllo ✓\",\"n\":42,\"list\":[true,null,-1.5],\"nested\":{\"a\":[]}}";
            Page.type(browser, "push-publish-topic", topic);
            WebElement data = browser.byId("push-data");
            data.clear();
            data.sendKeys(json);
            browser.byId("push-publish").click();
            WebElement mine = awaitMessage(browser, topic, 1);
            assertEquals(PushClient.read(json), data(mine));
            JsonNode received = other.next("message");
            assertEquals(topic, received.get("topic").asText());
            assertEquals(1, received.get("seq").asLong());
            assertEquals(PushClient.read(json), received.get("data"));

            // From the other client: markup in the data is shown as text, never turned into elements or run.
            String attack = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
            other.publish(topic, JsonNodeFactory.instance.textNode(attack));
            WebElement theirs = awaitMessage(browser, topic, 2);
            assertEquals(attack, data(theirs).asText());
            assertTrue(theirs.getText().contains("<img src=x"), theirs.getText());
            List<WebElement> injected = browser.driver().findElements(By.cssSelector("img, script:not([src])"));
            assertTrue(injected.isEmpty(), "markup from the wire became elements: " + injected.size());
            assertNull(browser.script("return window.__xss;"));
            browser.await("the list counts both messages",
                    d -> "2".equals(Page.item(d, topic).findElement(By.cssSelector(".received")).getText()));
            Page.assertNoScriptErrors(browser);
        }
    }

    /**
     * A real close by the server: the page publishes more than the server's message limit, the server closes
     * with 1009. The page says it reconnects, does so by itself, subscribes again, and gets what is published
     * afterwards.
     */
    @Test
    void afterTheServerClosesItsSocketThePageReconnectsAndSubscribesAgain() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic("reconnect");
        try (Browser browser = Browser.start(); PushClient other = PushClient.connect(urls)) {
            browser.open(urls.http("").toString());
            Page.pushConnect(browser, 1);
            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);
            recordStateTexts(browser);

            // Pasted rather than typed: a JSON string one message limit long, so the whole publish is over it.
            String tooBig = "\"" + "x".repeat(MESSAGE_LIMIT) + "\"";
            Page.publish(browser, topic, tooBig);

            WebElement close = browser.await("the server's close in the log", d -> d.findElements(
                    By.cssSelector("#log li.close[data-source='push']")).stream().findFirst().orElse(null));
            // Tyrus (GlassFish, Payara) shuts the socket right after its close frame; Chrome's own close frame
            // then meets a reset, which can discard the unread 1009 (seen once in a full CI run): 1006 there.
            boolean tyrus = List.of("glassfish", "payara").contains(TooBig.CONTAINER);
            String code = close.getAttribute("data-code");
            assertTrue("1009".equals(code) || tyrus && "1006".equals(code), code + ": " + close.getText());
            WebElement notice = browser.await("the reconnect notice in the log", d -> d.findElements(
                    By.cssSelector("#log li[data-source='push'][data-reconnect-attempt='1']")).stream().findFirst().orElse(null));
            assertTrue(notice.getText().matches("(?s).*reconnecting in \\d+\\.\\d s \\(attempt 1\\).*"), notice.getText());
            Page.pushConnected(browser, 2);
            assertTrue((Boolean) browser.script(
                    "return window.__pushStates.some(s => /^reconnecting in \\d+\\.\\d s \\(attempt 1\\)$/.test(s));"),
                    "the state showed the countdown: " + browser.script("return window.__pushStates;"));

            Page.awaitSubscribed(browser, topic);
            other.publish(topic, PushClient.read("{\"after\":\"reconnect\"}"));
            browser.await("a message published after the reconnect", d -> messageEntries(d, topic).stream()
                    .anyMatch(entry -> data(entry).equals(PushClient.read("{\"after\":\"reconnect\"}"))));
            assertEquals("—", browser.byId("push-last-error").getText());
            Page.assertNoScriptErrors(browser);
        }
    }

    /**
     * The server closes the page's socket (as above); the page stays away (Disconnect, so that the messages
     * are surely published while it is gone); on Connect it subscribes from its last position and shows what it
     * missed, in seq order, with the "recovered" line, then live messages.
     */
    @Test
    void aPageThatComesBackShowsWhatItMissedInOrder() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic("resume");
        try (Browser browser = Browser.start(); PushClient other = PushClient.connect(urls)) {
            other.subscribe(topic);
            browser.open(urls.http("").toString());
            Page.pushConnect(browser, 1);
            Page.subscribe(browser, "clock");
            Page.awaitSubscribed(browser, "clock");
            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);
            other.publish(topic, PushClient.read("{\"n\":1}"));
            other.next("message");
            awaitMessage(browser, topic, 1);

            Page.publish(browser, topic, "\"" + "x".repeat(MESSAGE_LIMIT) + "\"");
            // The close's code is the test above's concern; here any close will do (on a loaded machine GlassFish's
            // 1009 once reached the page as 1006, its connection reset while the browser was still sending).
            browser.await("the server's close in the log",
                    d -> !d.findElements(By.cssSelector("#log li.close[data-source='push']")).isEmpty());
            assertEquals("Disconnect", browser.byId("push-connect").getText());
            browser.byId("push-connect").click();
            for (int n = 2; n <= 4; n++) { // while the page is away; its own copy says each is stored
                other.publish(topic, PushClient.read("{\"n\":" + n + "}"));
                assertEquals(n, other.next("message").get("data").get("n").asInt());
            }
            browser.byId("push-connect").click();
            browser.await("the recovered line", d -> !d.findElements(By.cssSelector(
                    "#log li.recovered[data-topic='" + topic + "'][data-recovered='3']")).isEmpty());
            other.publish(topic, PushClient.read("{\"n\":5}"));
            awaitMessage(browser, topic, 5);
            List<Long> shown = messageEntries(browser.driver(), topic).stream()
                    .map(entry -> Long.parseLong(entry.getAttribute("data-seq"))).toList();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), shown, "each once, in seq order");
            // The clock keeps no ticks: it is subscribed to again without a position, and no false alarm is shown.
            assertTrue(browser.driver().findElements(By.cssSelector("#log li[data-topic='clock'][data-recovered]"))
                    .isEmpty(), "no recovery line for the clock");
            Page.assertNoScriptErrors(browser);
        }
    }

    /** Bad input is caught in the page, with a clear entry in the log, and never sent. */
    @Test
    void aBadTopicInvalidJsonAndPublishingToTheClockAreRefusedInThePage() throws Exception {
        try (Browser browser = Browser.start()) {
            browser.open(AppUrls.of(base).http("").toString());
            Page.pushConnect(browser, 1);

            Page.type(browser, "push-topic", "has space");
            browser.byId("push-subscribe").click();
            awaitError(browser, "\"has space\" is not a valid topic");
            Page.type(browser, "push-topic", "y".repeat(65));
            browser.byId("push-subscribe").click();
            awaitError(browser, "\"" + "y".repeat(65) + "\" is not a valid topic");

            Page.type(browser, "push-publish-topic", "clock");
            browser.byId("push-publish").click();
            awaitError(browser, "only the server publishes there");

            Page.type(browser, "push-publish-topic", "fine");
            WebElement data = browser.byId("push-data");
            data.clear();
            data.sendKeys("{oops");
            browser.byId("push-publish").click();
            awaitError(browser, "the data is not valid JSON");

            // the page's own "who am I?" at connect aside (D45)
            assertTrue(browser.driver().findElements(By.cssSelector(
                    "#log li.sent[data-source='push']:not([data-request='whoami'])")).isEmpty(), "nothing was sent");
            assertTrue(browser.byId("push-no-subscriptions").isDisplayed());
            assertEquals("—", browser.byId("push-last-error").getText());
            Page.assertNoScriptErrors(browser);
        }
    }

    /** A topic far above what a person can read: counted on one line, not logged message by message. */
    @Test
    void aFloodOfMessagesIsCountedNotLoggedOneByOne() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = freshTopic("flood");
        int messages = 2_000;
        try (Browser browser = Browser.start(); PushClient publisher = PushClient.connect(urls)) {
            browser.open(urls.http("").toString());
            Page.pushConnect(browser, 1);
            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);

            for (int i = 1; i <= messages; i++) {
                publisher.publish(topic, JsonNodeFactory.instance.numberNode(i));
            }
            // The newest message is never the one dropped for a slow reader, so the last seq always arrives.
            browser.await("the last seq in the list", d -> String.valueOf(messages)
                    .equals(Page.item(d, topic).findElement(By.cssSelector(".seq")).getText()));
            WebElement counter = browser.await("one counter line for the topic", d -> d.findElements(
                    By.cssSelector("#log li.collapsed[data-topic='" + topic + "']")).stream().findFirst().orElse(null));
            browser.await("the counter catches up", d -> Integer.parseInt(counter.getAttribute("data-count")) > 0
                    && counter.getText().contains("seq ") && counter.getText().contains("–" + messages));
            int oneByOne = messageEntries(browser.driver(), topic).size();
            assertTrue(oneByOne <= 50, oneByOne + " messages of the flood were logged one by one");
            Page.assertNoScriptErrors(browser);
        }
    }

    /**
     * A counter line grows after it was added (its "last:" sample fills in, several lines of it); the log still
     * follows: it once stopped there, far above the newest entries.
     */
    @Test
    void theLogKeepsFollowingWhenACounterLineGrows() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String flood = freshTopic("tall");
        String quiet = freshTopic("quiet");
        try (Browser browser = Browser.start(); PushClient publisher = PushClient.connect(urls)) {
            browser.open(urls.http("").toString());
            Page.pushConnect(browser, 1);
            Page.subscribe(browser, flood);
            Page.awaitSubscribed(browser, flood);
            Page.subscribe(browser, quiet);
            Page.awaitSubscribed(browser, quiet);
            String tall = "a sample that wraps over several lines of the log ".repeat(4);
            for (int i = 1; i <= 100; i++) {
                publisher.publish(flood, JsonNodeFactory.instance.textNode(tall + i));
            }
            browser.await("the counter line shows its sample", d -> d.findElements(By.cssSelector(
                    "#log li.collapsed[data-topic='" + flood + "'] .data")).stream()
                    .anyMatch(data -> data.getText().startsWith("last:")));
            publisher.publish(quiet, JsonNodeFactory.instance.textNode("the newest entry"));
            awaitMessage(browser, quiet, 1);
            Object distance = browser.script("const log = document.getElementById('log');"
                    + " return log.scrollHeight - log.scrollTop - log.clientHeight;");
            assertTrue(((Number) distance).doubleValue() < 24, "the log follows: " + distance + " px above the end");
            Page.assertNoScriptErrors(browser);
        }
    }

    /** Messages of {@code topic} logged one by one, oldest first. */
    private static List<WebElement> messageEntries(WebDriver driver, String topic) {
        return driver.findElements(By.cssSelector("#log li.message[data-topic='" + topic + "']:not(.collapsed)"));
    }

    private static WebElement awaitMessage(Browser browser, String topic, long seq) {
        return browser.await(topic + " seq " + seq + " in the log", d -> d.findElements(By.cssSelector(
                "#log li.message[data-topic='" + topic + "'][data-seq='" + seq + "']")).stream().findFirst().orElse(null));
    }

    private static void awaitError(Browser browser, String text) {
        browser.await("an error entry: " + text, d -> d.findElements(By.cssSelector("#log li.error[data-source='push']"))
                .stream().anyMatch(entry -> entry.getText().contains(text)));
    }

    /** The clock element's text once it shows a time (HH:MM:SS), else null. */
    private static String shownTime(Browser browser) {
        String text = browser.byId("push-clock-time").getText();
        return text.matches("\\d\\d:\\d\\d:\\d\\d") ? text : null;
    }

    /** Every text the state element shows from now on, recorded in the page as the person would see it. */
    private static void recordStateTexts(Browser browser) {
        browser.script("const state = document.getElementById('push-state');"
                + "window.__pushStates = [];"
                + "new MutationObserver(() => window.__pushStates.push(state.textContent))"
                + ".observe(state, {childList: true, characterData: true, subtree: true});");
    }

    private static <T> List<T> atLeast(int count, List<T> list) {
        return list.size() >= count ? list : null;
    }

    private static long seq(WebElement entry) {
        return Long.parseLong(entry.getAttribute("data-seq"));
    }

    /** The data of a message entry, read back as JSON from the text the page shows. */
    private static JsonNode data(WebElement entry) {
        return PushClient.read(entry.findElement(By.cssSelector(".data")).getText());
    }

    private static String freshTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
