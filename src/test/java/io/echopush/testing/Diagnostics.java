package io.echopush.testing;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What a test logs when a server goes silent: every thread of this JVM with its whole stack and locks (a server
 * embedded here, Jetty's or Tyrus's, shows its selectors and handlers too), and the state an embedded server reports
 * of its connections, when its container registered a dump.
 */
public final class Diagnostics {

    private static final Logger LOG = Logger.getLogger(Diagnostics.class.getName());
    private static volatile Supplier<String> embeddedServer;

    private Diagnostics() {
    }

    /** Set by a container that runs the server in this JVM (null when it stops): its own dump of its connections. */
    public static void embeddedServer(Supplier<String> dump) {
        embeddedServer = dump;
    }

    /** Logs the threads and the embedded server's state, headed by {@code why}; answers a line saying where. */
    public static String dump(String why) {
        StringBuilder text = new StringBuilder("Diagnostics: ").append(why).append('\n').append(threads());
        Supplier<String> server = embeddedServer;
        if (server != null) {
            try {
                text.append("\nThe embedded server's state:\n").append(server.get());
            } catch (RuntimeException e) {
                text.append("\nThe embedded server's state could not be dumped: ").append(e);
            }
        }
        LOG.warning(text::toString);
        return "threads" + (server != null ? " and the embedded server's connections" : "") + " dumped to the log";
    }

    /** Every live thread, sorted by name, with its whole stack, the monitors it holds and what it waits for. */
    public static String threads() {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        Arrays.sort(threads, Comparator.comparing(ThreadInfo::getThreadName));
        StringBuilder text = new StringBuilder(threads.length + " threads:\n");
        for (ThreadInfo thread : threads) {
            text.append('"').append(thread.getThreadName()).append("\" #").append(thread.getThreadId())
                    .append(' ').append(thread.getThreadState());
            if (thread.getLockName() != null) {
                text.append(" on ").append(thread.getLockName());
            }
            if (thread.getLockOwnerName() != null) {
                text.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
            }
            text.append('\n');
            StackTraceElement[] stack = thread.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                text.append("    at ").append(stack[i]).append('\n');
                for (MonitorInfo monitor : thread.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == i) {
                        text.append("      - locked ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo lock : thread.getLockedSynchronizers()) {
                text.append("    holds ").append(lock).append('\n');
            }
        }
        return text.toString();
    }
}
