package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time from /proc/stat (Linux), to tell how much of the machine other processes used during a run:
 * a benchmark on a shared 2-core machine must say so.
 */
final class MachineCpu {

    /**
     * The machine's cores, counted in /proc/stat rather than asked of the JVM: once the benchmark pins itself to one
     * core ({@code --pin}), {@code Runtime.availableProcessors()} answers 1.
     */
    static final int CORES = countCores();

    private MachineCpu() {
    }

    private static int countCores() {
        try {
            int cores = (int) Files.readAllLines(Path.of("/proc/stat")).stream().filter(line -> line.matches("cpu[0-9]+ .*"))
                    .count();
            return cores > 0 ? cores : Runtime.getRuntime().availableProcessors();
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** {busy, total} jiffies since boot; zeros where /proc/stat cannot be read. */
    static long[] read() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] { total - idle, total };
        } catch (IOException | RuntimeException e) {
            return new long[] { 0, 0 };
        }
    }

    /** The busy share of the whole machine between two readings. */
    static double busy(long[] begin, long[] end) {
        long total = end[1] - begin[1];
        return total <= 0 ? 0 : (double) (end[0] - begin[0]) / total;
    }
}
