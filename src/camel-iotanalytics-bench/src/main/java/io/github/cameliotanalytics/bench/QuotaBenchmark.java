package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The quota scenarios of docs/performance.md: how the component meets a channel's quota (messages per second, as the
 * service published it) that the emulator enforces, alone and shared by several Camel instances, and how it copes with
 * random throttling. Each scenario starts an emulator of its own ({@link QuotaEmulator}), sends flat out for
 * {@code --seconds} and counts what was delivered after the first {@code --warmup-seconds}; each prints one summary
 * line, with the targets of issue #23 in parentheses:
 * <ul>
 * <li>{@code one}: one context, at each {@code --latencies-ms}: delivered / quota, throttled calls, every exchange its
 * outcome;</li>
 * <li>{@code shared}: {@code --contexts} contexts, each in a JVM of its own ({@link QuotaSender} mains, started
 * together from this one once all are ready, which only counts), on one channel: together delivered / quota, each one's share and
 * Jain's fairness index, throttled calls, nothing lost;</li>
 * <li>{@code random}: {@code --throttle-rate} of the calls throttled at random, no quota: throughput / throughput
 * without throttling.</li>
 * </ul>
 * Throttled calls are counted on the sender's side by {@link CallOutcomes}, in the summary over the measured window as
 * the deliveries are, and over the whole run beside the emulator's statistics, as a cross-check.
 * <p>
 * Options: {@code --quota N} (20000), {@code --seconds N} (50), {@code --warmup-seconds N} (25: four sender JVMs and
 * the emulator on 2 cores need about 20 s to compile their hot code), {@code --senders N} threads per context (8),
 * {@code --contexts N} (4), {@code --latencies-ms A,B} (0,50), {@code --throttle-rate R} (0.1),
 * {@code --scenarios one,shared,random}, {@code --emulator-heap} (-Xmx2g), {@code --sender-heap} for the other
 * JVMs (-Xmx512m), {@code --uri-options A=B&C=D} (none: the component's defaults).
 */
public final class QuotaBenchmark {

    /** From the moment every sender JVM is ready to the common start. */
    static final long START_DELAY_MILLIS = 1_000;
    /** Messages the emulator keeps per channel (oldest dropped): the scenarios count, they do not read back. */
    static final int KEPT_PER_CHANNEL = 100_000;

    static final class Options {
        int quota = 20_000;
        int seconds = 50;
        int warmupSeconds = 25;
        int senders = 8;
        int contexts = 4;
        long[] latencies = { 0, 50 };
        double throttleRate = 0.1;
        Set<String> scenarios = new LinkedHashSet<>(List.of("one", "shared", "random"));
        String emulatorHeap = "-Xmx2g";
        String senderHeap = "-Xmx512m";
        String uriOptions = "";

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + args[i] + " needs a value");
                }
                String value = args[++i];
                switch (args[i - 1]) {
                    case "--quota" -> o.quota = Integer.parseInt(value);
                    case "--seconds" -> o.seconds = Integer.parseInt(value);
                    case "--warmup-seconds" -> o.warmupSeconds = Integer.parseInt(value);
                    case "--senders" -> o.senders = Integer.parseInt(value);
                    case "--contexts" -> o.contexts = Integer.parseInt(value);
                    case "--latencies-ms" -> o.latencies = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
                    case "--throttle-rate" -> o.throttleRate = Double.parseDouble(value);
                    case "--scenarios" -> o.scenarios = new LinkedHashSet<>(List.of(value.split(",")));
                    case "--emulator-heap" -> o.emulatorHeap = value;
                    case "--sender-heap" -> o.senderHeap = value;
                    case "--uri-options" -> o.uriOptions = value;
                    default -> throw new IllegalArgumentException("Unknown option " + args[i - 1]);
                }
            }
            if (o.warmupSeconds >= o.seconds) {
                throw new IllegalArgumentException("--warmup-seconds must be less than --seconds");
            }
            for (String scenario : o.scenarios) {
                if (!Set.of("one", "shared", "random").contains(scenario)) {
                    throw new IllegalArgumentException("Unknown scenario " + scenario + "; the scenarios are one, shared, random");
                }
            }
            return o;
        }
    }

    private final Options options;
    private final List<String> summary = new ArrayList<>();

    private QuotaBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.printf(Locale.ROOT, "quota: %d processors, java %s, %s; quota %d msg/s, %d s per run (the first %d s"
                                       + " not counted), %d senders per context, %d contexts, latencies %s ms, random"
                                       + " throttling %.2f, uri options '%s'%n", MachineCpu.CORES,
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                options.quota, options.seconds, options.warmupSeconds, options.senders, options.contexts,
                Arrays.toString(options.latencies), options.throttleRate, options.uriOptions);
        new QuotaBenchmark(options).run();
        System.exit(0);
    }

    /** A scenario, run by {@link #attempt}. */
    private interface Scenario {
        void run() throws Exception;
    }

    private void run() throws Exception {
        if (options.scenarios.contains("one")) {
            for (long latency : options.latencies) {
                attempt("one context, emulator latency " + latency + " ms", () -> one(latency));
            }
        }
        if (options.scenarios.contains("shared")) {
            attempt(options.contexts + " contexts on one channel", this::shared);
        }
        if (options.scenarios.contains("random")) {
            attempt("random throttling", this::random);
        }
        System.out.println();
        System.out.println("## Quota scenarios");
        System.out.println();
        summary.forEach(System.out::println);
    }

    /** Runs a scenario; one the emulator cannot run (an option it does not know) is reported, and the next one runs. */
    private void attempt(String name, Scenario scenario) throws Exception {
        try {
            scenario.run();
        } catch (IllegalStateException e) {
            System.out.println(name + ": not run: " + e.getMessage());
            summary.add(name + ": NOT RUN: " + e.getMessage());
        }
    }

    /** One context against the quota at one latency. */
    private void one(long latencyMs) throws Exception {
        try (QuotaEmulator emulator = emulator(options.quota, 0, latencyMs)) {
            QuotaSender.Figures figures;
            try (QuotaSender sender = new QuotaSender(emulator.endpoint(), Rig.CHANNEL, options.uriOptions)) {
                figures = sender.sendFor(options.senders, System.currentTimeMillis(), options.warmupSeconds * 1000L,
                        options.seconds * 1000L);
            }
            print("one context, emulator latency " + latencyMs + " ms", figures);
            summary.add(String.format(Locale.ROOT, "quota %d msg/s, 1 sender, emulator latency %d ms: delivered %.2f x quota,"
                                                   + " throttled %.1f %% of %,d calls, every exchange its outcome: %s"
                                                   + "  (targets >= 0.90, <= 5 %%, yes)%s", options.quota, latencyMs,
                    figures.rate() / options.quota, figures.windowThrottledPercent(), figures.windowCalls(),
                    figures.nothingLost() ? "yes" : "NO (" + figures.failed() + " failed, " + figures.hung() + " hung)",
                    crossCheck(emulator, figures.succeeded(), figures.throttled())));
        }
    }

    /** {@code --contexts} contexts in as many JVMs on one channel and its quota. */
    private void shared() throws Exception {
        try (QuotaEmulator emulator = emulator(options.quota, 0, 0)) {
            List<Process> jvms = new ArrayList<>();
            try {
                // every context in a fresh JVM: one in this JVM, warmed by the scenarios before, would start with an
                // edge the others do not have
                List<BufferedReader> outputs = new ArrayList<>();
                for (int c = 0; c < options.contexts; c++) {
                    Process jvm = senderJvm(emulator.endpoint());
                    jvms.add(jvm);
                    InputStreamReader output = new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8);
                    outputs.add(new BufferedReader(output));
                }
                // a JVM on a busy machine may take many seconds to start: they start sending together once all are
                // ready, not at a time guessed in advance
                for (int c = 0; c < jvms.size(); c++) {
                    awaitLine(outputs.get(c), jvms.get(c), QuotaSender.READY);
                }
                long startAt = System.currentTimeMillis() + START_DELAY_MILLIS;
                for (Process jvm : jvms) {
                    byte[] go = (QuotaSender.GO + " " + startAt + "\n").getBytes(StandardCharsets.UTF_8);
                    jvm.getOutputStream().write(go);
                    jvm.getOutputStream().flush();
                }
                // each prints one line when it is done, and nothing before: read one after the other
                List<QuotaSender.Figures> all = new ArrayList<>();
                for (int c = 0; c < jvms.size(); c++) {
                    all.add(QuotaSender.Figures.parse(awaitLine(outputs.get(c), jvms.get(c), QuotaSender.RESULT)));
                }
                summary.add(sharedLine(all, emulator));
            } finally {
                jvms.forEach(Process::destroyForcibly);
            }
        }
    }

    private String sharedLine(List<QuotaSender.Figures> all, QuotaEmulator emulator) throws InterruptedException {
        double total = 0;
        double squares = 0;
        long calls = 0;
        long throttled = 0;
        long runThrottled = 0;
        long succeeded = 0;
        boolean nothingLost = true;
        for (int c = 0; c < all.size(); c++) {
            QuotaSender.Figures figures = all.get(c);
            print("context " + (c + 1) + " of " + all.size() + " on one channel", figures);
            total += figures.rate();
            squares += figures.rate() * figures.rate();
            calls += figures.windowCalls();
            throttled += figures.windowThrottled();
            runThrottled += figures.throttled();
            succeeded += figures.succeeded();
            nothingLost &= figures.nothingLost();
        }
        StringBuilder shares = new StringBuilder();
        for (QuotaSender.Figures figures : all) {
            shares.append(shares.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", figures.rate() / total));
        }
        double fairness = total * total / (all.size() * squares);
        return String.format(Locale.ROOT, "quota %d msg/s, %d senders: delivered %.2f x quota, throttled %.1f %% of %,d calls,"
                                          + " fairness %.2f (shares %s), nothing lost: %s  (targets >= 0.90, <= 10 %%,"
                                          + " each 0.15..0.35 or fairness >= 0.9, yes)%s", options.quota, all.size(),
                total / options.quota, calls == 0 ? 0 : throttled * 100.0 / calls, calls, fairness, shares,
                nothingLost ? "yes" : "NO", crossCheck(emulator, succeeded, runThrottled));
    }

    /** The same context flat out with random throttling, then without, no quota. */
    private void random() throws Exception {
        QuotaSender.Figures throttled = flatOut(options.throttleRate);
        QuotaSender.Figures free = flatOut(0);
        summary.add(String.format(Locale.ROOT, "random throttling %.2f, no quota: %,.0f msg/s / %,.0f msg/s without = %.2f,"
                                               + " throttled %.1f %% of %,d calls, every exchange its outcome: %s"
                                               + "  (target >= 0.70)", options.throttleRate, throttled.rate(),
                free.rate(), throttled.rate() / free.rate(), throttled.windowThrottledPercent(),
                throttled.windowCalls(),
                throttled.nothingLost() && free.nothingLost() ? "yes" : "NO"));
    }

    private QuotaSender.Figures flatOut(double throttleRate) throws Exception {
        try (QuotaEmulator emulator = emulator(0, throttleRate, 0)) {
            QuotaSender.Figures figures;
            try (QuotaSender sender = new QuotaSender(emulator.endpoint(), Rig.CHANNEL, options.uriOptions)) {
                figures = sender.sendFor(options.senders, System.currentTimeMillis(), options.warmupSeconds * 1000L,
                        options.seconds * 1000L);
            }
            print("no quota, random throttling " + throttleRate, figures);
            System.out.println("  " + crossCheck(emulator, figures.succeeded(), figures.throttled()).substring(2));
            return figures;
        }
    }

    private QuotaEmulator emulator(int quota, double throttleRate, long latencyMs) throws IOException {
        return QuotaEmulator.start(options.emulatorHeap, Rig.CHANNEL, quota, throttleRate, latencyMs, KEPT_PER_CHANNEL,
                null);
    }

    /**
     * The emulator's own count of stored messages and throttled calls, beside the senders', marked where they differ
     * (a message stored but not reported, or reported but not stored, or a throttled call one side missed).
     */
    private static String crossCheck(QuotaEmulator emulator, long succeeded, long throttled) throws InterruptedException {
        try {
            QuotaEmulator.ChannelStats stats = emulator.stats(Rig.CHANNEL);
            long emulatorThrottled = stats.throttledCalls() + stats.randomThrottles();
            return String.format(Locale.ROOT, "; the emulator counted %,d messages stored (senders: %,d succeeded)%s and"
                                              + " %,d calls throttled (senders: %,d)%s", stats.messagesAccepted(),
                    succeeded, stats.messagesAccepted() == succeeded ? "" : " <-- STORED DIFFERS", emulatorThrottled,
                    throttled, emulatorThrottled == throttled ? "" : " <-- THROTTLED CALLS DIFFER");
        } catch (IOException e) {
            return "; emulator stats not read (" + e.getMessage() + ")";
        }
    }

    private static void print(String what, QuotaSender.Figures figures) {
        System.out.printf(Locale.ROOT, "%s: %,.0f msg/s delivered over %.1f s; %,d sent, %,d succeeded, %,d failed%s,"
                                       + " %,d hung, %,d completed twice; %,d calls, %,d throttled, %,d failed"
                                       + " otherwise; in the measured window %,d calls, %,d throttled%n",
                what, figures.rate(), figures.windowSeconds(), figures.sent(), figures.succeeded(), figures.failed(),
                figures.failures().isEmpty() ? "" : " (" + figures.failures() + ")", figures.hung(), figures.twice(),
                figures.calls(), figures.throttled(), figures.otherCallFailures(), figures.windowCalls(),
                figures.windowThrottled());
    }

    /** A {@link QuotaSender} main in a JVM of its own, with this JVM's classpath. */
    private Process senderJvm(String endpoint) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, options.senderHeap, "-XX:+UseG1GC", "-cp",
                System.getProperty("java.class.path"), QuotaSender.class.getName(), "--endpoint", endpoint, "--channel",
                Rig.CHANNEL, "--senders", Integer.toString(options.senders), "--warmup-ms",
                Long.toString(options.warmupSeconds * 1000L), "--duration-ms", Long.toString(options.seconds * 1000L)));
        if (!options.uriOptions.isEmpty()) {
            command.addAll(List.of("--uri-options", options.uriOptions));
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The first line a sender JVM prints that starts with {@code start}; fails when it ends without one. */
    private static String awaitLine(BufferedReader output, Process process, String start)
            throws IOException, InterruptedException {
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith(start)) {
                return line;
            }
        }
        throw new IOException("A sender JVM ended without printing " + start + " (exit status " + process.waitFor()
                              + ")");
    }
}
