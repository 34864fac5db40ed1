package io.echopush.support;

import java.util.List;

/** The endpoints' names in logs and metric labels, here so that metrics and sessions need not import endpoints. */
public final class EndpointNames {

    public static final String ECHO = "echo";

    public static final String PUSH = "push";

    public static final String PUBLISHER = "api/push";

    /** Server-Sent Events: {@code GET /events}, push without WebSocket. */
    public static final String EVENTS = "events";

    public static final List<String> ALL = List.of(ECHO, PUSH, PUBLISHER, EVENTS);

    private EndpointNames() {
    }
}
