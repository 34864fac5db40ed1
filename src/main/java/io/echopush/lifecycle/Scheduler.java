package io.echopush.lifecycle;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The application's threads: timers on the container's managed executor where there is one, sends and closes on
 * pools of our own, so no session's send waits behind another's or behind a blocking close (docs/decisions.md).
 */
public final class Scheduler {

    static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedScheduledExecutorService";

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    /** Closes that may block at once; more wait their turn, holding nothing but their queue entry. */
    private static final int CLOSER_THREADS = 4;
    private static final long IDLE_SECONDS = 10;

    private final ScheduledExecutorService timers;
    private final boolean owned;
    private final ThreadPoolExecutor sender;
    private final ThreadPoolExecutor closer;

    private Scheduler(ScheduledExecutorService timers, boolean owned) {
        this.timers = timers;
        this.owned = owned;
        this.sender = pool(Math.max(2, Runtime.getRuntime().availableProcessors()), "echopush-send-");
        this.closer = pool(CLOSER_THREADS, "echopush-close-");
    }

    /** The container's managed scheduled executor for the timers if it has one, else a timer thread of our own. */
    public static Scheduler find() {
        try {
            Object found = new InitialContext().lookup(MANAGED_EXECUTOR);
            if (found instanceof ScheduledExecutorService managed) {
                LOG.info("Timers on the container's managed scheduled executor " + MANAGED_EXECUTOR);
                return new Scheduler(managed, false);
            }
        } catch (NamingException | RuntimeException e) {
            LOG.log(Level.FINE, "No managed scheduled executor: {0}", e.toString());
        }
        return own();
    }

    /** A timer thread of our own (daemon, named for thread dumps). */
    public static Scheduler own() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, new Named("echopush-timer-"));
        pool.setRemoveOnCancelPolicy(true);
        LOG.info("Timers on a thread of our own");
        return new Scheduler(pool, true);
    }

    /** Where the clock and presence timers run; they never touch a socket. */
    public ScheduledExecutorService timers() {
        return timers;
    }

    /** Where send chains start; {@code execute} never blocks. */
    public Executor sender() {
        return sender;
    }

    /** Where closes that may block run. */
    public Executor closer() {
        return closer;
    }

    /** Stops our own pools (waiting briefly for running tasks); leaves the container's alone. */
    void stop() {
        if (owned) {
            stop(timers);
        }
        stop(sender);
        stop(closer);
    }

    private static void stop(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code threads} threads at most, started as tasks come and ended when idle; tasks beyond them wait. */
    private static ThreadPoolExecutor pool(int threads, String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new Named(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static final class Named implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger next = new AtomicInteger(1);

        Named(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            // Not the web application's loader: on Payara and GlassFish each send schedules the session's idle
            // timer on the container's managed executor, which captures the caller's context, and with the
            // application's loader that meant searching every jar of the server (SchedulerThreadsTest).
            thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            return thread;
        }
    }
}
