package io.echopush.sse;

import io.echopush.protocol.BadRequestException;
import io.echopush.protocol.Since;
import io.echopush.protocol.TopicName;
import io.echopush.security.OriginPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What a {@code GET /events} asks for, checked before anything is held for it: origin, topics and positions. */
record StreamRequest(Set<String> topics, Map<String, Since> positions) {

    /**
     * The origin check of a WebSocket handshake, with one addition: a browser's same-origin {@code EventSource} sends
     * no {@code Origin}, but says {@code Sec-Fetch-Site: same-origin}, which a page cannot forge (D47).
     */
    static boolean originAllowed(OriginPolicy policy, HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null && "same-origin".equals(request.getHeader("Sec-Fetch-Site"))) {
            return true;
        }
        return policy.allows(origin, request.getScheme(), request.getServerName(), request.getServerPort());
    }

    /**
     * The topics ({@code topic}, repeated) and where to resume them: {@code Last-Event-ID}, which a reconnecting
     * browser sends, else the {@code since} parameter (a first connection that already holds a position).
     */
    static StreamRequest of(HttpServletRequest request, int maxTopics) throws BadRequestException {
        String[] names = request.getParameterValues("topic");
        if (names == null || names.length == 0) {
            throw new BadRequestException("name at least one topic: /events?topic=T (repeat it for more)");
        }
        Set<String> topics = new LinkedHashSet<>();
        for (String name : names) {
            if (!TopicName.isValid(name)) {
                throw new BadRequestException("invalid topic: " + TopicName.RULE);
            }
            topics.add(name);
        }
        if (topics.size() > maxTopics) {
            throw new BadRequestException("a stream may subscribe to at most " + maxTopics + " topics");
        }
        String lastEventId = request.getHeader("Last-Event-ID");
        Map<String, Since> positions = Cursor.parse(lastEventId != null ? lastEventId : request.getParameter("since"));
        positions.keySet().retainAll(topics); // a topic left out of this request is not resumed
        return new StreamRequest(topics, positions);
    }
}
