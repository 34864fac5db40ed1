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
 * site root leads to the page, the page is the client, an echo comes back, /metrics answers. Exit 0 or a reason.
 */
public class RunCheck {

    public static void main(String[] args) throws Exception {
        URI page = URI.create(args[0]);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String html = get(http, page.resolve("/"));
        check(html.contains("<title>") && html.contains("push.js"), "/ does not lead to the client page");
        check(get(http, page.resolve("metrics")).contains("echopush_sessions"), "/metrics has no echopush_ figures");

        CompletableFuture<String> echoed = new CompletableFuture<>();
        URI echo = URI.create(page.toString().replaceFirst("^http", "ws")).resolve("echo");
        WebSocket socket = http.newWebSocketBuilder().buildAsync(echo, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                echoed.complete(data.toString());
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        socket.sendText("hello from .ci/run", true);
        check("hello from .ci/run".equals(echoed.get(10, TimeUnit.SECONDS)), "/echo did not echo");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        System.out.println("RunCheck: the page, an echo and /metrics answered at " + page);
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
