package io.echopush.topic;


/** What a topic's catching up with the broker did: messages delivered from its history, positions skipped. */
record CatchUp(int recovered, long missed) {

    static final CatchUp NONE = new CatchUp(0, 0);
}
