package io.github.cameliotanalytics.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * The summary of a run: a table of the median round of each case, then for each latency one line per ratio and figure
 * ({@code emulator latency 20 ms: component / aggregator = 2.31}), with the targets of issues #13 and #22 in
 * parentheses. Between them, the sender JVM's own CPU, GC CPU and context switches per case, each as min / median / max
 * over the rounds, and whether the run was pinned.
 */
final class Summary {

    private final EndToEndBenchmark.Options options;
    private final List<Result> results;

    Summary(EndToEndBenchmark.Options options, List<Result> results) {
        this.options = options;
        this.results = results;
    }

    void print() {
        System.out.println();
        System.out.println("## Summary (median of the measured rounds; " + Pinning.describe(options.pin) + ")");
        System.out.println();
        System.out.println("| case | msg/s (median) | rounds | CPU us/msg, sender + emulator (median) | p50 ms | p99 ms"
                           + " | peak heap MB | live heap after GC MB, by fifth of the run | all stored |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---|---|");
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> names.add(r.name()));
        for (String name : names) {
            List<Result> rounds = results.stream().filter(r -> r.name().equals(name)).toList();
            Result median = median(rounds);
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %.1f + %.1f | %.1f | %.1f | %.0f | %s | %s |%n", name,
                    median.rate(), rounds.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rate())).toList(),
                    medianSenderCpu(rounds), medianCpu(rounds) - medianSenderCpu(rounds), median.p50Ms(), median.p99Ms(),
                    rounds.stream().mapToDouble(Result::peakHeapMb).max().orElse(0),
                    Result.fifths(median.liveMbByFifth()), rounds.stream().allMatch(Result::storeOk) ? "yes" : "NO");
        }
        System.out.println();
        senderJvm(names);
        for (long latency : options.emulatorLatencies) {
            latency(latency);
        }
    }

    /** The sender JVM's own figures per case, each as min / median / max over the measured rounds. */
    private void senderJvm(Set<String> names) {
        System.out.println("## Sender JVM on its own (min / median / max over the measured rounds; " + Pinning.describe(options.pin)
                           + ")");
        System.out.println();
        System.out.println("| case | sender CPU us/msg | GC CPU us/msg | context switches per 100 messages, voluntary +"
                           + " involuntary | of which involuntary | threads ended in a round |");
        System.out.println("|---|---|---|---|---|---:|");
        for (String name : names) {
            List<Result> rounds = results.stream().filter(r -> r.name().equals(name)).toList();
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %d |%n", name,
                    spread(rounds, Result::senderMicrosPerMessage), spread(rounds, Result::gcMicrosPerMessage),
                    spread(rounds, Result::switchesPerCall), spread(rounds, Result::involuntaryPerCall),
                    rounds.stream().mapToInt(r -> r.tasks().ended()).max().orElse(0));
        }
        System.out.println();
    }

    private static String spread(List<Result> rounds, ToDoubleFunction<Result> value) {
        double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", values[0], values[values.length / 2],
                values[values.length - 1]);
    }

    private void latency(long latency) {
        List<Result> group = results.stream().filter(r -> r.latencyMs() == latency).toList();
        String at = "emulator latency " + latency + " ms: ";
        List<Result> ceiling = firstOf(group, "ceiling");
        List<Result> component = firstOf(group, "component");
        List<Result> aggregator = firstOf(group, "aggregator");
        List<Result> floor = firstOf(group, "camel-floor");
        List<Result> asyncFloor = firstOf(group, "camel-async-floor");
        List<Result> perMessage = firstOf(group, "per-message");
        if (!ceiling.isEmpty()) {
            System.out.printf(Locale.ROOT, "%sceiling reached with %d concurrent calls%n", at, ceiling.get(0).concurrency());
        }
        if (!component.isEmpty()) {
            double rate = median(component).rate();
            boolean networked = latency >= 20;
            ratio(at, "component / ceiling", rate, ceiling, networked ? "target >= 0.90" : "");
            ratio(at, "component / aggregator", rate, aggregator, networked ? "target >= 2" : "target >= 1");
            ratio(at, "component / per-message", rate, perMessage, "target >= 30");
        }
        if (!component.isEmpty() && !ceiling.isEmpty()) {
            paired(at, "sender CPU us/msg component - ceiling", component, ceiling, Result::senderMicrosPerMessage,
                    (a, b) -> a - b, "target <= 2.0");
            paired(at, "context switches per call component / ceiling", component, ceiling, Result::switchesPerCall,
                    (a, b) -> a / b, "target <= 1.5");
        }
        for (List<Result> rounds : List.of(ceiling, component, aggregator, floor, asyncFloor, perMessage)) {
            if (!rounds.isEmpty()) {
                System.out.printf(Locale.ROOT, "%sCPU per message, %s = %.2f us (sender %.2f + emulator %.2f); %s%n", at,
                        rounds.get(0).kind(), medianCpu(rounds), medianSenderCpu(rounds),
                        medianCpu(rounds) - medianSenderCpu(rounds), machineBusy(rounds));
            }
        }
        if (!component.isEmpty() && !floor.isEmpty() && !ceiling.isEmpty()) {
            System.out.printf(Locale.ROOT, "%scomponent's own CPU per message = component - camel-floor - ceiling ="
                                           + " %.2f - %.2f - %.2f = %.2f us (target <= 1)%n", at, medianCpu(component),
                    medianCpu(floor), medianCpu(ceiling), medianCpu(component) - medianCpu(floor) - medianCpu(ceiling));
        }
        if (!floor.isEmpty() && !asyncFloor.isEmpty()) {
            System.out.printf(Locale.ROOT, "%sCamel's asynchronous completion per message = camel-async-floor - camel-floor"
                                           + " = %.2f - %.2f = %.2f us%n", at, medianCpu(asyncFloor), medianCpu(floor),
                    medianCpu(asyncFloor) - medianCpu(floor));
            if (!component.isEmpty() && !ceiling.isEmpty()) {
                System.out.printf(Locale.ROOT, "%scomponent's CPU per message beyond an asynchronous producer = component"
                                               + " - camel-async-floor - ceiling = %.2f - %.2f - %.2f = %.2f us%n", at,
                        medianCpu(component), medianCpu(asyncFloor), medianCpu(ceiling),
                        medianCpu(component) - medianCpu(asyncFloor) - medianCpu(ceiling));
            }
        }
        if (!component.isEmpty()) {
            Result median = median(component);
            CallCost.Peak peak = component.stream().map(Result::callCost).filter(p -> p != null)
                    .max((a, b) -> Integer.compare(a.inFlight(), b.inFlight())).orElse(null);
            System.out.printf(Locale.ROOT, "%scost of a call in flight, component: %s%n", at,
                    peak == null ? "not read (no producer in JMX)" : String.format(Locale.ROOT,
                            "%.2f threads and %.0f KB of heap per call (%d calls in flight, %d threads of the component,"
                            + " %.1f MB above idle with %d messages pending)", peak.threadsPerCall(), peak.kbPerCall(),
                            peak.inFlight(), peak.newThreads(), peak.heapAboveIdleMb(), peak.pending()));
            System.out.printf(Locale.ROOT, "%sheap after GC by fifth of %,d messages, component = %s MB; %s threads in the"
                                           + " JVM at the busiest moment%n", at, median.messages(),
                    Result.fifths(median.liveMbByFifth()), peak == null ? "?" : Integer.toString(peak.allThreads()));
        }
        for (Result low : group) {
            if (low.kind().equals("lowload")) {
                long batchTimeout = Long.parseLong(low.name().replaceAll(".*batchTimeout=(\\d+).*", "$1"));
                double bound = batchTimeout + 2 * low.meanCallMs();
                System.out.printf(Locale.ROOT, "%slowload p99 = %.1f ms, batchTimeout + 2 x mean call time = %d + 2 x %.2f"
                                               + " = %.1f ms: %s (p50 %.1f ms)%n", at, low.p99Ms(), batchTimeout,
                        low.meanCallMs(), bound, low.p99Ms() <= bound ? "met" : "NOT MET", low.p50Ms());
            }
        }
    }

    /**
     * {@code label = X (rounds a..b)}: X from the medians of the two cases' rounds, a..b the smallest and largest of the
     * same figure taken round by round (the cases take turns within a round, so a round's pair saw the same machine).
     */
    private static void paired(String at, String label, List<Result> first, List<Result> second,
                               ToDoubleFunction<Result> value, DoubleBinaryOperator combine, String target) {
        double median = combine.applyAsDouble(medianOf(first, value), medianOf(second, value));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Result a : first) {
            for (Result b : second) {
                if (a.round() == b.round()) {
                    double pair = combine.applyAsDouble(value.applyAsDouble(a), value.applyAsDouble(b));
                    min = Math.min(min, pair);
                    max = Math.max(max, pair);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s%s = %.2f%s  (%s)%n", at, label, median,
                min <= max ? String.format(Locale.ROOT, " (rounds %.2f..%.2f)", min, max) : "", target);
    }

    private static void ratio(String at, String label, double rate, List<Result> against, String target) {
        if (!against.isEmpty()) {
            System.out.printf(Locale.ROOT, "%s%s = %.2f%s%n", at, label, rate / median(against).rate(),
                    target.isEmpty() ? "" : "  (" + target + ")");
        }
    }

    /** The rounds of the first configuration of a kind (the first of a sweep of settings). */
    private static List<Result> firstOf(List<Result> group, String kind) {
        List<Result> matching = group.stream().filter(r -> r.kind().equals(kind)).toList();
        if (matching.isEmpty()) {
            return matching;
        }
        String first = matching.get(0).name();
        return matching.stream().filter(r -> r.name().equals(first)).toList();
    }

    private static double medianCpu(List<Result> rounds) {
        return medianOf(rounds, Result::cpuMicrosPerMessage);
    }

    private static double medianSenderCpu(List<Result> rounds) {
        return medianOf(rounds, Result::senderMicrosPerMessage);
    }

    private static double medianOf(List<Result> rounds, ToDoubleFunction<Result> value) {
        double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
        return values[values.length / 2];
    }

    /**
     * The share of the machine's cores the sender and the emulator used together (median of the rounds): under 100 %,
     * the CPU was not the bound. Rounds shorter than a second are too short for the CPU clocks to tell.
     */
    private static String machineBusy(List<Result> rounds) {
        if (rounds.stream().anyMatch(r -> r.seconds() < 1)) {
            return "machine busy not measured (rounds under 1 s)";
        }
        return String.format(Locale.ROOT, "machine busy %.0f %%",
                medianOf(rounds, r -> (r.senderCpu() + r.emulatorCpu()) * 100));
    }

    private static Result median(List<Result> rounds) {
        List<Result> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(a.rate(), b.rate()));
        return sorted.get(sorted.size() / 2);
    }
}
