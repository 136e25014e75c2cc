package io.github.cameliotanalytics.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The cost of store and forward in the end-to-end benchmark: at each latency, the throughput and the CPU per message
 * of {@code component-spool} against {@code component} (medians of the measured rounds), with the target of issue #25
 * (at least 0.7 x the in-memory producer's throughput at 20 ms).
 */
final class SpoolCost {

    static final double TARGET_RATIO = 0.7;
    static final long TARGET_LATENCY_MS = 20;

    private SpoolCost() {
    }

    static void print(List<Result> results, long[] latencies) {
        for (long latency : latencies) {
            List<Result> memory = rounds(results, "component", latency);
            List<Result> spool = rounds(results, "component-spool", latency);
            if (memory.isEmpty() || spool.isEmpty()) {
                continue;
            }
            double ratio = medianRate(spool) / medianRate(memory);
            System.out.printf(Locale.ROOT, "emulator latency %d ms: component-spool / component = %,.0f / %,.0f msg/s"
                                           + " = %.2f%s; CPU per message component-spool %.2f us (sender %.2f), component"
                                           + " %.2f us (sender %.2f)%n", latency, medianRate(spool), medianRate(memory),
                    ratio, latency == TARGET_LATENCY_MS ? String.format(Locale.ROOT, " (target >= %.1f: %s)",
                            TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT MET") : "",
                    median(spool, Result::cpuMicrosPerMessage), median(spool, Result::senderMicrosPerMessage),
                    median(memory, Result::cpuMicrosPerMessage), median(memory, Result::senderMicrosPerMessage));
        }
    }

    /** The measured rounds of the first configuration of a case at a latency. */
    private static List<Result> rounds(List<Result> results, String kind, long latency) {
        List<Result> matching = results.stream().filter(r -> r.kind().equals(kind) && r.latencyMs() == latency).toList();
        return matching.isEmpty() ? matching
                : matching.stream().filter(r -> r.name().equals(matching.get(0).name())).toList();
    }

    private static double medianRate(List<Result> rounds) {
        return median(rounds, Result::rate);
    }

    private static double median(List<Result> rounds, ToDoubleFunction<Result> value) {
        double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
        return values[values.length / 2];
    }
}
