package io.echopush.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.Since;
import io.echopush.security.OriginPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a stream's request must show before anything is held for it: its origin, its topics, its positions. */
class StreamRequestTest {

    private static final OriginPolicy STRICT = new OriginPolicy(List.of(), false);
    private static final OriginPolicy LENIENT = new OriginPolicy(List.of(), true);

    /** A request to http://app.example:8080 with these headers and parameters (each parameter's values). */
    private static HttpServletRequest request(Map<String, String> headers, Map<String, String[]> parameters) {
        return (HttpServletRequest) Proxy.newProxyInstance(StreamRequestTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getParameterValues" -> parameters.get((String) args[0]);
                    case "getParameter" -> parameters.containsKey((String) args[0])
                            ? parameters.get((String) args[0])[0] : null;
                    case "getScheme" -> "http";
                    case "getServerName" -> "app.example";
                    case "getServerPort" -> 8080;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpServletRequest headers(Map<String, String> headers) {
        return request(headers, Map.of());
    }

    @Test
    void aSameOriginEventSourceSendsNoOriginAndIsTheSitesOwn() {
        assertTrue(StreamRequest.originAllowed(STRICT, headers(Map.of("Sec-Fetch-Site", "same-origin"))));
        assertFalse(StreamRequest.originAllowed(STRICT, headers(Map.of("Sec-Fetch-Site", "cross-site"))));
        assertFalse(StreamRequest.originAllowed(STRICT, headers(Map.of("Sec-Fetch-Site", "same-site"))));
        assertFalse(StreamRequest.originAllowed(STRICT, headers(Map.of())), "no Origin: the policy's setting");
        assertTrue(StreamRequest.originAllowed(LENIENT, headers(Map.of())));
    }

    @Test
    void anOriginIsCheckedAsAHandshakesIsWhateverElseTheRequestSays() {
        assertTrue(StreamRequest.originAllowed(STRICT, headers(Map.of("Origin", "http://app.example:8080"))));
        assertFalse(StreamRequest.originAllowed(LENIENT, headers(Map.of("Origin", "http://evil.example",
                "Sec-Fetch-Site", "same-origin"))));
        assertFalse(StreamRequest.originAllowed(LENIENT, headers(Map.of("Origin", "null"))));
    }

    @Test
    void topicsAreTakenOnceInOrderAndOnlyTheirPositionsResume() throws BadRequestException {
        StreamRequest asked = StreamRequest.of(request(Map.of(), Map.of("topic", new String[] {"b", "a", "b"},
                "since", new String[] {"a:e:1,c:e:2"})), 2);
        assertEquals(List.of("b", "a"), List.copyOf(asked.topics()));
        assertEquals(Map.of("a", new Since("e", 1)), asked.positions(), "c was not asked for");
    }

    @Test
    void lastEventIdOutranksSince() throws BadRequestException {
        StreamRequest asked = StreamRequest.of(request(Map.of("Last-Event-ID", "a:e:5"),
                Map.of("topic", new String[] {"a"}, "since", new String[] {"a:e:1"})), 1);
        assertEquals(Map.of("a", new Since("e", 5)), asked.positions());
    }

    @Test
    void theCapOfTopicsAtItsLimitAndOneOver() throws BadRequestException {
        String[] two = {"a", "b"};
        assertEquals(2, StreamRequest.of(request(Map.of(), Map.of("topic", two)), 2).topics().size());
        BadRequestException over = assertThrows(BadRequestException.class,
                () -> StreamRequest.of(request(Map.of(), Map.of("topic", two)), 1));
        assertEquals("a stream may subscribe to at most 1 topics", over.getMessage());
    }
}
