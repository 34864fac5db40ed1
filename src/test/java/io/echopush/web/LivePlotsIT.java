package io.echopush.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.echopush.testing.AppUrls;
import io.echopush.testing.Browser;
import io.echopush.testing.BuiltWarTest;
import io.echopush.testing.PushClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The page's live plots in Chromium: echo round trips, messages per second, per-topic rates, drawn as they come. */
class LivePlotsIT extends BuiltWarTest {

    /** Pixels of the canvas in the plot's first series colour (--plot-1), near enough for anti-aliasing. */
    private static final String SERIES_PIXELS = """
            const canvas = document.getElementById(arguments[0]);
            const hex = getComputedStyle(canvas).getPropertyValue('--plot-1').trim();
            const want = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 0; i < data.length; i += 4) {
              if (data[i + 3] > 200 && Math.abs(data[i] - want[0]) + Math.abs(data[i + 1] - want[1])
                  + Math.abs(data[i + 2] - want[2]) < 40) count++;
            }
            return count;""";

    @Test
    void everyEchoIsPlottedWithItsRoundTripAndTheRatesMove() throws Exception {
        try (Browser browser = Browser.start()) {
            browser.open(AppUrls.of(base).http("").toString());
            assertEquals(0L, browser.script(SERIES_PIXELS, "echo-rtt-plot"), "nothing drawn before any echo");
            assertEquals("no echo in the last 30 s", browser.byId("echo-rtt-figures").getText());
            Page.echoConnect(browser);
            Page.type(browser, "burst-count", "200");
            browser.byId("send-burst").click();
            browser.await("the burst's echoes counted", d -> !d.findElements(
                    By.cssSelector("#log li.collapsed[data-count='200']")).isEmpty());

            browser.await("a dot per echo", d -> "200".equals(browser.byId("echo-rtt-plot").getAttribute("data-points")));
            browser.await("round-trip figures", d -> browser.byId("echo-rtt-figures").getText()
                    .matches("last \\d+\\.\\d+ ms · median \\d+\\.\\d+ ms · p99 \\d+\\.\\d+ ms \\(n 200\\)"));
            assertTrue((Long) browser.script(SERIES_PIXELS, "echo-rtt-plot") > 0, "dots drawn");
            browser.await("the line of messages in drawn", d -> (Long) browser.script(SERIES_PIXELS, "echo-rate-plot") > 0);
            assertEquals("200", browser.byId("echo-rate-plot").getAttribute("data-max"), "the burst's second on the scale");

            Page.echo(browser, "one more");
            browser.await("the new echo plotted", d -> browser.byId("echo-rtt-figures").getText().endsWith("(n 201)"));
            Page.assertNoScriptErrors(browser);
        }
    }

    @Test
    void eachSubscribedTopicHasItsRatePlotted() throws Exception {
        AppUrls urls = AppUrls.of(base);
        String topic = "rates-" + UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = Browser.start(); PushClient publisher = PushClient.connect(urls)) {
            browser.open(urls.http("").toString());
            Page.pushConnect(browser, 1);
            Page.subscribe(browser, topic);
            Page.awaitSubscribed(browser, topic);
            Page.subscribe(browser, "clock");
            Page.awaitSubscribed(browser, "clock");
            browser.await("the clock's rate in the legend", d -> rate(browser, "clock") >= 1);
            for (int i = 1; i <= 30; i++) {
                publisher.publish(topic, JsonNodeFactory.instance.numberNode(i));
            }
            browser.await("the topic's rate in the legend", d -> rate(browser, topic) >= 1);
            assertTrue((Long) browser.script(SERIES_PIXELS, "push-rate-plot") > 0, "the first topic's line drawn");

            browser.driver().findElement(By.cssSelector(
                    "#push-subscriptions button[data-unsubscribe='" + topic + "']")).click();
            browser.await("an unsubscribed topic leaves the legend", d -> d.findElements(By.cssSelector("#push-rate-legend li[data-topic='" + topic + "']")).isEmpty());
            Page.assertNoScriptErrors(browser);
        }
    }

    /** Messages of {@code topic} in the last whole second, as the legend says; -1 before it says anything. */
    private static int rate(Browser browser, String topic) {
        Object rate = browser.script("const li = document.querySelector(`#push-rate-legend li[data-topic='${arguments[0]}']`);"
                + " return li ? li.dataset.rate : null;", topic);
        return rate == null ? -1 : Integer.parseInt((String) rate);
    }
}
