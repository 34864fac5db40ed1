import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What .ci/run checks of the README's run command while it serves: {@code java .ci/RunCheck.java <page URL>}. The
 * site root leads to the page, the page is the client, echoes come back up to the size limit, /metrics answers.
 * Exit 0 or a reason.
 */
public class RunCheck {

    public static void main(String[] args) throws Exception {
        URI page = URI.create(args[0]);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String html = get(http, page.resolve("/"));
        check(html.contains("<title>") && html.contains("push.js"), "/ does not lead to the client page");
        check(get(http, page.resolve("metrics")).contains("echopush_sessions"), "/metrics has no echopush_ figures");

        URI echo = URI.create(page.toString().replaceFirst("^http", "ws")).resolve("echo");
        Echoes echoes = new Echoes();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(echo, echoes).get(10, TimeUnit.SECONDS);
        // The run command's small Tomcat buffers (TomcatTuning) must still carry a message at the limit, in parts.
        for (String text : new String[] {"hello from .ci/run", "a".repeat(65_536), "\u00e9".repeat(32_768)}) {
            CompletableFuture<String> echoed = echoes.next();
            socket.sendText(text, true);
            check(text.equals(echoed.get(10, TimeUnit.SECONDS)), "/echo did not echo " + text.length() + " chars");
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        System.out.println("RunCheck: the page, echoes up to the size limit and /metrics answered at " + page);
    }

    /** Joins a message's parts; one message expected at a time. */
    private static final class Echoes implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();
        private volatile CompletableFuture<String> next;

        CompletableFuture<String> next() {
            next = new CompletableFuture<>();
            return next;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                next.complete(parts.toString());
                parts.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private static String get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        check(response.statusCode() == 200, "GET " + uri + " answered " + response.statusCode());
        return response.body();
    }

    private static void check(boolean ok, String reason) {
        if (!ok) {
            System.err.println("RunCheck failed: " + reason);
            System.exit(1);
        }
    }
}
