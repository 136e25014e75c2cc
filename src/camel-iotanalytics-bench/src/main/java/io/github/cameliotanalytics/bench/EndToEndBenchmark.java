package io.github.cameliotanalytics.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The end-to-end benchmark of the producer against the emulator (docs/performance.md): one JVM (this one) sends, the
 * emulator runs in a process of its own on the loopback interface, with the same settings for every case.
 * <ol>
 * <li>{@code ceiling}: the raw SDK client, built by the component's own factory, sends pre-built 100-message batches
 * with as many concurrent calls as it takes to reach its maximum at each latency (a sweep): the most the emulator and
 * the SDK can do together on this machine;</li>
 * <li>{@code component}: {@code --messages} exchanges of ~200-byte JSON bodies sent by {@code --senders} threads
 * through {@code iotanalytics:} with {@code ProducerTemplate.asyncSend} (threadedAsyncMode off: the sender thread runs
 * the producer, which hands the message to the batcher and returns without waiting for the outcome);</li>
 * <li>{@code aggregator}: the same exchanges, sent the same way, to the Camel way without the component: the Aggregate
 * EIP and a processor that sends each group of 100 with the same SDK client;</li>
 * <li>{@code camel-floor}: the same exchanges, sent the same way, to an endpoint that completes them at once: Camel's
 * own cost per exchange;</li>
 * <li>{@code camel-async-floor}: the same, to an endpoint that completes them from a thread of its own, 100 at a time
 * as an answer does, with no lock shared by the senders ({@link CompletingElsewhere}): what completing an exchange when
 * an answer arrives adds to Camel's cost, for any producer;</li>
 * <li>{@code permessage}: the component with {@code batchSize=1};</li>
 * <li>{@code lowload}: {@code --low-load-rate} messages per second for {@code --low-load-seconds}, with the completion
 * latency of each exchange;</li>
 * <li>{@code component-spool} (only when named in {@code --cases}): the component case with {@code spoolDirectory} on a
 * temporary directory, each exchange counted once its message is delivered ({@link SpoolDeliveredComponent}); the
 * summary ends with its throughput and CPU per message against {@code component} ({@link SpoolCost}).</li>
 * </ol>
 * For every case the sender JVM's own CPU, its GC threads' CPU and its context switches per 100 messages are given for
 * each round and, in the summary, as min / median / max over the rounds ({@link TaskCounters}); {@code --pin} runs the
 * sender JVM and the emulator on separate cores ({@link Pinning}).
 * <p>
 * Options: see {@link Options}. Lists (comma-separated) of batch sizes, batch timeouts and in-flight limits run the
 * component and low-load cases for each combination. Every case runs once per latency the emulator adds to its calls
 * ({@code --emulator-latency-ms}, by default 0, 20, 50 and 100 ms).
 */
public final class EndToEndBenchmark {

    /** Warm-up rounds end when the JIT compilers use less than this, in microseconds of CPU per message. */
    static final double SETTLED_JIT_MICROS = 0.2;
    static final int MAX_WARMUPS = 6;
    /** The ceiling's concurrent calls in its warm-up, and the first step of its sweep. */
    static final int CEILING_FIRST_THREADS = 16;
    /**
     * The floors' measured rounds send this many times {@code --messages}: at a million exchanges a second or more, a
     * round of {@code --messages} lasts a fraction of a second, too short for a steady CPU figure.
     */
    static final int FLOOR_ROUND_FACTOR = 10;

    private final Rig rig;
    private final Options options;
    private final List<Result> results = new ArrayList<>();
    /** The ceiling's concurrent calls at each latency, as found by its sweep. */
    private final Map<Long, Integer> ceilingThreads = new HashMap<>();
    private int contexts;

    private EndToEndBenchmark(Rig rig) {
        this.rig = rig;
        this.options = rig.options();
    }

    /** Command-line options, {@code --name value}. */
    static final class Options {
        /** Messages per round of each case; the floors' measured rounds send {@link #FLOOR_ROUND_FACTOR} times as many. */
        long messages = 1_000_000;
        int senders = 16;
        int rounds = 3;
        long warmupMessages = 1_000_000;
        long perMessageMessages = 50_000;
        int lowLoadRate = 200;
        int lowLoadSeconds = 30;
        int[] batchSizes = { 100 };
        long[] batchTimeouts = { 50 };
        /** maxInFlightBatches values for the component cases; by default the component's default. */
        int[] maxInFlights = { 256 };
        /** maxPendingMessages values for the component case; 0: the component's default. */
        int[] maxPendings = { 0 };
        Set<String> cases = new LinkedHashSet<>(
                List.of("ceiling", "component", "aggregator", "camel-floor", "camel-async-floor", "permessage", "lowload"));
        /** The ceiling's concurrent calls; 0: found by a sweep at each latency. */
        int ceilingThreads = 0;
        int ceilingMaxThreads = 1024;
        /** The ceiling's client: {@code async} (the component's: Netty) or {@code sync} (Apache HTTP client). */
        String ceilingClient = "async";
        long sweepMessages = 500_000;
        String emulatorHeap = "-Xmx6g";
        String uriOptions = "";
        /**
         * Latencies the emulator adds to each call, one full set of cases per value: none (the two processes then
         * compete for the same cores: a measure of CPU per message), and services across a network.
         */
        long[] emulatorLatencies = { 0, 20, 50, 100 };
        /** {@code --pin} (no value): the sender JVM and the emulator on separate cores ({@link Pinning}). */
        boolean pin;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--pin")) {
                    o.pin = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--messages" -> o.messages = Long.parseLong(value);
                    case "--senders" -> o.senders = Integer.parseInt(value);
                    case "--rounds" -> o.rounds = Integer.parseInt(value);
                    case "--warmup-messages" -> o.warmupMessages = Long.parseLong(value);
                    case "--per-message-messages" -> o.perMessageMessages = Long.parseLong(value);
                    case "--low-load-rate" -> o.lowLoadRate = Integer.parseInt(value);
                    case "--low-load-seconds" -> o.lowLoadSeconds = Integer.parseInt(value);
                    case "--batch-size" -> o.batchSizes = ints(value);
                    case "--batch-timeout" -> o.batchTimeouts = longs(value);
                    case "--max-in-flight" -> o.maxInFlights = ints(value);
                    case "--max-pending" -> o.maxPendings = ints(value);
                    case "--cases" -> o.cases = new LinkedHashSet<>(List.of(value.split(",")));
                    case "--ceiling-threads" -> o.ceilingThreads = Integer.parseInt(value);
                    case "--ceiling-max-threads" -> o.ceilingMaxThreads = Integer.parseInt(value);
                    case "--ceiling-client" -> o.ceilingClient = value;
                    case "--sweep-messages" -> o.sweepMessages = Long.parseLong(value);
                    case "--emulator-heap" -> o.emulatorHeap = value;
                    case "--uri-options" -> o.uriOptions = "&" + value;
                    case "--emulator-latency-ms" -> o.emulatorLatencies = longs(value);
                    default -> throw new IllegalArgumentException("Unknown option " + name);
                }
            }
            Set<String> known = Set.of("ceiling", "component", "aggregator", "camel-floor", "camel-async-floor",
                    "permessage", "lowload", "component-spool");
            for (String c : o.cases) {
                if (!known.contains(c)) {
                    throw new IllegalArgumentException("Unknown case " + c + "; the cases are " + known);
                }
            }
            return o;
        }

        private static int[] ints(String list) {
            return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
        }

        private static long[] longs(String list) {
            return Arrays.stream(list.split(",")).mapToLong(Long::parseLong).toArray();
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        long capacity = Math.max(Math.max(Math.max(options.messages, options.warmupMessages), options.perMessageMessages),
                options.sweepMessages) + 10_000;
        if (options.pin) {
            // before any thread of the benchmark starts: the threads started later inherit the core
            Pinning.pinThisJvm();
        }
        printMachine(options);
        try (EmulatorControl emulator = EmulatorControl.start(options.pin ? Pinning.emulatorPrefix() : List.of(),
                options.emulatorHeap, (int) capacity, 1, List.of())) {
            System.out.printf(Locale.ROOT, "emulator: separate JVM (pid %d, %s), %s, no faults, no signature check,"
                                           + " added latency %s ms%n%n",
                    emulator.pid(), options.emulatorHeap, emulator.endpoint(), Arrays.toString(options.emulatorLatencies));
            new EndToEndBenchmark(new Rig(options, new Payloads(1024, 42), emulator)).run();
        }
        System.exit(0);
    }

    private static void printMachine(Options options) {
        System.out.printf(Locale.ROOT, "machine: %d processors, java %s (%s %s), max heap %d MB, %s%n",
                MachineCpu.CORES, System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() / 1048576, ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "options: messages=%d senders=%d rounds=%d warmup=%d perMessage=%d lowLoad=%d/s x %d s"
                                       + " batchSize=%s batchTimeout=%s maxInFlightBatches=%s cases=%s ceilingThreads=%s"
                                       + " uriOptions=%s%n",
                options.messages, options.senders, options.rounds, options.warmupMessages, options.perMessageMessages,
                options.lowLoadRate, options.lowLoadSeconds, Arrays.toString(options.batchSizes),
                Arrays.toString(options.batchTimeouts), Arrays.toString(options.maxInFlights), options.cases,
                options.ceilingThreads == 0 ? "sweep up to " + options.ceilingMaxThreads : options.ceilingThreads,
                options.uriOptions);
        System.out.printf(Locale.ROOT, "placement: %s; this JVM may run on cores %s%n", Pinning.describe(options.pin),
                Pinning.allowedCpus());
    }

    static String latencySuffix(long latencyMs) {
        return latencyMs > 0 ? ", emulator latency " + latencyMs + " ms" : "";
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "payloads: 1024 distinct JSON bodies, mean %.0f bytes%n%n", rig.payloads().meanBytes());
        System.out.println(Result.header());
        int ceilingMax = options.ceilingThreads > 0 ? options.ceilingThreads : options.ceilingMaxThreads;
        try (Ceiling ceiling = options.cases.contains("ceiling") ? new Ceiling(rig, ceilingMax, options.ceilingClient.equals("async")) : null) {
            for (long latency : options.emulatorLatencies) {
                rig.emulator().latency(latency);
                for (int maxInFlight : options.maxInFlights) {
                    bursts(ceiling, latency, maxInFlight);
                    if (options.cases.contains("lowload")) {
                        for (int batchSize : options.batchSizes) {
                            for (long batchTimeout : options.batchTimeouts) {
                                lowLoad(latency, batchSize, batchTimeout, maxInFlight);
                            }
                        }
                    }
                    if (options.cases.contains("permessage")) {
                        perMessageRounds(latency, maxInFlight);
                    }
                }
            }
        }
        new Summary(options, results).print();
        SpoolCost.print(results, options.emulatorLatencies);
    }

    /** A case that the senders drive, and its name in the tables. */
    private record Burst(String kind, int concurrency, String name, Sending sending, boolean watchCalls) {
    }

    /**
     * The cases that run flat out, at one latency: warm-up rounds until the JIT has settled, the ceiling's sweep, then
     * the measured rounds, in which the cases take turns so that all see the same machine.
     */
    private void bursts(Ceiling ceiling, long latency, int maxInFlight) throws Exception {
        String at = latencySuffix(latency);
        List<Burst> bursts = new ArrayList<>();
        try {
            if (options.cases.contains("aggregator")) {
                bursts.add(new Burst("aggregator", Sending.AGGREGATOR_THREADS, "aggregator (Aggregate EIP, "
                        + Sending.AGGREGATOR_THREADS + " threads" + at + ")", Sending.aggregator(rig, "bench-aggregator"), false));
            }
            if (options.cases.contains("camel-floor")) {
                bursts.add(new Burst("camel-floor", 0, "camel-floor (completes at once" + at + ")",
                        Sending.camelFloor(rig, "bench-floor", false), false));
            }
            if (options.cases.contains("camel-async-floor")) {
                bursts.add(new Burst("camel-async-floor", 0, "camel-async-floor (completes on another thread" + at + ")",
                        Sending.camelFloor(rig, "bench-async-floor", true), false));
            }
            // what the JVM holds before the component starts, for the cost of a call in flight
            CallCost.Idle idle = options.cases.contains("component") ? CallCost.Idle.now() : null;
            if (options.cases.contains("component")) {
                for (int batchSize : options.batchSizes) {
                    for (long batchTimeout : options.batchTimeouts) {
                        for (int maxPending : options.maxPendings) {
                            String pending = maxPending > 0 ? "&maxPendingMessages=" + maxPending : "";
                            String name = "component (batchSize=" + batchSize + ", batchTimeout=" + batchTimeout
                                          + ", maxInFlight=" + maxInFlight
                                          + (maxPending > 0 ? ", maxPendingMessages=" + maxPending : "") + at + ")";
                            bursts.add(new Burst("component", maxInFlight, name, Sending.component(rig,
                                    "bench-component-" + ++contexts, uri(batchSize, batchTimeout, maxInFlight) + pending,
                                    false), true));
                        }
                    }
                }
            }
            if (options.cases.contains("component-spool")) {
                int batchSize = options.batchSizes[0];
                long batchTimeout = options.batchTimeouts[0];
                String name = "component-spool (spoolDirectory, batchSize=" + batchSize + ", batchTimeout=" + batchTimeout
                              + ", maxInFlight=" + maxInFlight + at + ")";
                bursts.add(new Burst("component-spool", maxInFlight, name, Sending.component(rig,
                        "bench-component-spool-" + ++contexts,
                        SpoolDeliveredComponent.uri(uri(batchSize, batchTimeout, maxInFlight)), false), false));
            }
            int threads = options.ceilingThreads > 0 ? options.ceilingThreads
                    : ceilingThreads.getOrDefault(latency, CEILING_FIRST_THREADS);
            for (int warmup = 1; warmup <= MAX_WARMUPS; warmup++) {
                double jit = 0;
                if (ceiling != null) {
                    jit = record(ceiling.run(latency, threads, options.warmupMessages, 0)).jitMicros();
                }
                for (Burst burst : bursts) {
                    jit = Math.max(jit, record(run(burst, idle, latency, options.warmupMessages, 0)).jitMicros());
                }
                if (jit < SETTLED_JIT_MICROS) {
                    break;
                }
            }
            if (ceiling != null && options.ceilingThreads == 0 && !ceilingThreads.containsKey(latency)) {
                threads = ceiling.sweep(latency, CEILING_FIRST_THREADS, options.sweepMessages);
                ceilingThreads.put(latency, threads);
            }
            for (int round = 1; round <= options.rounds; round++) {
                if (ceiling != null) {
                    record(ceiling.run(latency, threads, options.messages, round));
                }
                for (Burst burst : bursts) {
                    long messages = burst.sending().isFloor() ? options.messages * FLOOR_ROUND_FACTOR : options.messages;
                    record(run(burst, idle, latency, messages, round));
                }
            }
        } finally {
            for (Burst burst : bursts) {
                burst.sending().close();
            }
        }
    }

    private Result run(Burst burst, CallCost.Idle idle, long latency, long messages, int round) throws Exception {
        return burst.sending().burst(burst.kind(), latency, burst.concurrency(), messages, burst.name(), round,
                () -> burst.watchCalls() ? new CallCost(idle, burst.sending().contextName(), OTHER_THREADS) : null);
    }

    /** Threads that are not the component's: the benchmark's own and the aggregator's (camel-floor has none). */
    private static final Predicate<String> OTHER_THREADS = name -> name.startsWith("sender-")
            || name.startsWith("ceiling-") || name.equals("call-cost") || name.equals(TaskCounters.SAMPLER)
            || name.endsWith(" - " + Sending.AGGREGATOR_POOL) || name.endsWith(" - AggregateTimeoutChecker");

    private void perMessageRounds(long latency, int maxInFlight) throws Exception {
        try (Sending sending = Sending.component(rig, "bench-permessage-" + ++contexts, uri(1, 50, maxInFlight), false)) {
            String name = "per-message (batchSize=1, maxInFlight=" + maxInFlight + latencySuffix(latency) + ")";
            long warmup = Math.min(options.warmupMessages, options.perMessageMessages);
            record(sending.burst("per-message", latency, maxInFlight, warmup, name, 0, () -> null));
            for (int round = 1; round <= options.rounds; round++) {
                record(sending.burst("per-message", latency, maxInFlight, options.perMessageMessages, name, round, () -> null));
            }
        }
    }

    private void lowLoad(long latency, int batchSize, long batchTimeout, int maxInFlight) throws Exception {
        try (Sending sending = Sending.component(rig, "bench-lowload-" + ++contexts,
                uri(batchSize, batchTimeout, maxInFlight), true)) {
            String name = "low load " + options.lowLoadRate + "/s (batchSize=" + batchSize + ", batchTimeout="
                          + batchTimeout + ", maxInFlight=" + maxInFlight + latencySuffix(latency) + ")";
            record(sending.paced(latency, maxInFlight, options.lowLoadRate, 5, name, 0));
            record(sending.paced(latency, maxInFlight, options.lowLoadRate, options.lowLoadSeconds, name, 1));
        }
    }

    private String uri(int batchSize, long batchTimeout, int maxInFlight) {
        return "iotanalytics:" + Rig.CHANNEL + "?batchSize=" + batchSize + "&batchTimeout=" + batchTimeout
               + "&maxInFlightBatches=" + maxInFlight + options.uriOptions;
    }

    private Result record(Result result) {
        System.out.println(result.row());
        System.out.flush();
        if (result.round() > 0) {
            results.add(result);
        }
        return result;
    }
}
