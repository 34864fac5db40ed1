package io.echopush.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU time, resident memory and (for a JVM) heap after GC of the server process, read from outside it. */
record ProcessFigures(long pid) {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /** User plus system CPU seconds the process has used so far (/proc/PID/stat, fields 14 and 15). */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** Resident set size in bytes (/proc/PID/status, VmRSS). */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    /** Heap in use after a full GC, in bytes, through jcmd; -1 if the process is not a JVM. */
    long heapAfterGcBytes() throws IOException, InterruptedException {
        // jcmd attaches with SIGQUIT, which ends a process that is not a JVM (Node)
        String command = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        if (!command.startsWith("java") && !command.contains("/java\0")) {
            return -1;
        }
        jcmd("GC.run");
        Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(2)) * 1024 : -1;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
