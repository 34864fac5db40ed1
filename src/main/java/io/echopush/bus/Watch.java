package io.echopush.bus;

/**
 * The watch thread pings both links once a second: the subscriber's read waits forever, so a broker that vanished
 * without closing the connection is noticed only by a missing pong. It also retries a catch-up still owed.
 */
final class Watch implements Runnable {

    private static final long KEEP_ALIVE_MILLIS = 1_000;

    private final BusThreads threads;
    private final Commands commands;
    private final CatchUp catchUp;
    private final Subscriber subscriber;

    Watch(BusThreads threads, Commands commands, CatchUp catchUp, Subscriber subscriber) {
        this.threads = threads;
        this.commands = commands;
        this.catchUp = catchUp;
        this.subscriber = subscriber;
    }

    @Override
    public void run() {
        while (threads.running()) {
            if (commands.ping() && catchUp.owed()) {
                catchUp.run(commands);
            }
            subscriber.keepAlive();
            threads.pause(KEEP_ALIVE_MILLIS);
        }
    }
}
