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
 * The application's threads: the clock and presence timers and the start of every push send chain.
 *
 * <p>One code path for every server: at startup a JNDI lookup asks for the container's default managed
 * scheduled executor (Jakarta Concurrency, on WildFly, Payara, GlassFish); where there is none (Tomcat,
 * Tyrus standalone) the application starts a small pool of its own. The container's executor belongs to the
 * container and is never shut down by us; our own is shut down on undeploy, leaving no thread behind.
 *
 * <p>Closing a client that stopped reading blocks (the close frame is a blocking send, which the container
 * times out only after its own blocking-send timeout), so such closes run on a small pool of their own, which
 * the sends never wait on: however many clients are stuck, everybody else's messages go on.
 */
public final class Scheduler {

    static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedScheduledExecutorService";

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    /** Closes that may block at once; more wait their turn, holding nothing but their queue entry. */
    private static final int CLOSER_THREADS = 4;

    private final ScheduledExecutorService executor;
    private final boolean owned;
    private final ThreadPoolExecutor closer;

    private Scheduler(ScheduledExecutorService executor, boolean owned) {
        this.executor = executor;
        this.owned = owned;
        this.closer = new ThreadPoolExecutor(CLOSER_THREADS, CLOSER_THREADS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new Named("echopush-close-"));
        closer.allowCoreThreadTimeOut(true);
    }

    /** The container's managed scheduled executor if it has one, else a pool of our own. */
    public static Scheduler find() {
        try {
            Object found = new InitialContext().lookup(MANAGED_EXECUTOR);
            if (found instanceof ScheduledExecutorService managed) {
                LOG.info("Using the container's managed scheduled executor " + MANAGED_EXECUTOR);
                return new Scheduler(managed, false);
            }
        } catch (NamingException | RuntimeException e) {
            LOG.log(Level.FINE, "No managed scheduled executor: {0}", e.toString());
        }
        return own();
    }

    /** A pool of our own: one thread per core (at least two), daemon, named for thread dumps. */
    public static Scheduler own() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, new Named("echopush-push-"));
        pool.setRemoveOnCancelPolicy(true);
        LOG.info(() -> "Using an own scheduled executor of " + threads + " threads");
        return new Scheduler(pool, true);
    }

    public ScheduledExecutorService executor() {
        return executor;
    }

    /** Where closes that may block run. */
    public Executor closer() {
        return closer;
    }

    public boolean isOwned() {
        return owned;
    }

    /** Stops our own pools (waiting briefly for running tasks); leaves the container's alone. */
    void stop() {
        if (owned) {
            stop(executor);
        }
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
            return thread;
        }
    }
}
