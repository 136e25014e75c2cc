package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * This JVM's CPU time by kind of thread (Linux, /proc/self/task): application threads (user and system time apart),
 * the garbage collector, the JIT compilers and the rest of the VM. JFR's execution samples see only Java code, so the
 * collector's work and the kernel's (park and unpark, sockets) must be read here.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /** Ticks by group: java-user, java-system, gc, jit, vm. Threads that ended in between are lost. */
    static Map<String, Long> read() {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                String[] fields = stat.substring(close + 2).split(" ");
                long user = Long.parseLong(fields[11]);
                long system = Long.parseLong(fields[12]);
                String group;
                if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    group = "gc";
                } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    group = "jit";
                } else if (name.startsWith("VM ") || name.equals("java")) {
                    group = "vm";
                } else {
                    ticks.merge("java-system", system, Long::sum);
                    ticks.merge("java-user", user, Long::sum);
                    continue;
                }
                ticks.merge(group, user + system, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ticks;
    }

    /**
     * CPU nanoseconds of the live Java threads by their full name with the digits taken out ({@code sender-#},
     * {@code Camel (camel-#) thread ## - IoTAnalytics[bench_channel]Call}): the kernel's names are cut at 15
     * characters, too short to tell Camel's threads apart.
     */
    static Map<String, Long> readJavaThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> nanos = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                nanos.merge(info.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
            }
        }
        return nanos;
    }

    /** Microseconds per message by Java thread group between two readings, the groups above 0.05 µs only. */
    static String javaThreadsPerMessage(Map<String, Long> begin, Map<String, Long> end, long messages) {
        StringBuilder text = new StringBuilder();
        end.entrySet().stream()
                .map(group -> Map.entry(group.getKey(), (group.getValue() - begin.getOrDefault(group.getKey(), 0L)) / 1e3
                                                         / messages))
                .filter(group -> group.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(group -> text.append(text.length() == 0 ? "" : "; ").append(group.getKey()).append('=')
                        .append(String.format(java.util.Locale.ROOT, "%.2f", group.getValue())));
        return text.toString();
    }

    /** Microseconds per message of one group between two readings. */
    static double perMessage(Map<String, Long> begin, Map<String, Long> end, String group, long messages) {
        return (end.getOrDefault(group, 0L) - begin.getOrDefault(group, 0L)) * 10_000.0 / messages;
    }

    /** Microseconds per message by group between two readings (100 ticks a second). */
    static String perMessage(Map<String, Long> begin, Map<String, Long> end, long messages) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Long> group : end.entrySet()) {
            long ticks = group.getValue() - begin.getOrDefault(group.getKey(), 0L);
            text.append(text.length() == 0 ? "" : " ").append(group.getKey()).append('=')
                    .append(String.format(java.util.Locale.ROOT, "%.1f", ticks * 10_000.0 / messages));
        }
        return text.toString();
    }
}
