package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.Message;

/**
 * The end-to-end benchmark of the producer against the emulator (docs/performance.md): one JVM (this one) sends, the
 * emulator runs in a process of its own on the loopback interface, with the same settings for every case.
 * <ol>
 * <li>ceiling: the raw SDK client, built by the component's own factory, sends pre-built 100-message batches from
 * {@code maxInFlightBatches} threads: the most the emulator and the SDK can do together on this machine;</li>
 * <li>component: {@code --messages} exchanges of ~200-byte JSON bodies sent by {@code --senders} threads through
 * {@code iotanalytics:} with {@code ProducerTemplate.asyncSend} (threadedAsyncMode off: the sender thread runs the
 * producer, which hands the message to the batcher and returns without waiting for the outcome);</li>
 * <li>per-message: the same with {@code batchSize=1};</li>
 * <li>low load: {@code --low-load-rate} messages per second for {@code --low-load-seconds}, with the completion latency
 * of each exchange.</li>
 * </ol>
 * Options: see {@link Options}. Lists (comma-separated) of batch sizes, batch timeouts and in-flight limits run the
 * component and low-load cases for each combination: the sweep that chose the defaults. Every case runs once per
 * latency the emulator adds to its calls ({@code --emulator-latency-ms}, by default 0 and 20 ms).
 */
public final class EndToEndBenchmark {

    static final String CHANNEL = "bench_channel";
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "AKIDBENCHMARK";
    static final String SECRET_KEY = "benchmark-secret";
    /** Warm-up rounds end when the JIT compilers use less than this, in microseconds of CPU per message. */
    static final double SETTLED_JIT_MICROS = 0.2;
    static final int MAX_WARMUPS = 6;
    private static final Pattern LATENCY_IN_NAME = Pattern.compile("emulator latency (\\d+) ms");

    private final Options options;
    private final Payloads payloads = new Payloads(1024, 42);
    private final EmulatorControl emulator;
    private final List<Result> results = new ArrayList<>();
    /** Added to the name of each case when the emulator adds latency to its calls. */
    private String latencySuffix = "";

    private EndToEndBenchmark(Options options, EmulatorControl emulator) {
        this.options = options;
        this.emulator = emulator;
    }

    /** Command-line options, {@code --name value}. */
    static final class Options {
        long messages = 1_000_000;
        int senders = 16;
        int rounds = 3;
        long warmupMessages = 1_000_000;
        long perMessageMessages = 50_000;
        int lowLoadRate = 200;
        int lowLoadSeconds = 30;
        int[] batchSizes = { 100 };
        long[] batchTimeouts = { 50 };
        int[] maxInFlights = { 16 };
        /** maxPendingMessages values for the component case; 0: the component's default. */
        int[] maxPendings = { 0 };
        Set<String> cases = new LinkedHashSet<>(List.of("ceiling", "component", "permessage", "lowload"));
        String emulatorHeap = "-Xmx6g";
        String uriOptions = "";
        /**
         * Latencies the emulator adds to each call, one full set of cases per value: none (the two processes then
         * compete for the same cores: a measure of CPU per message), and 20 ms (a service across a network).
         */
        long[] emulatorLatencies = { 0, 20 };

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
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
                    case "--batch-size" -> o.batchSizes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--batch-timeout" -> o.batchTimeouts = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
                    case "--max-in-flight" -> o.maxInFlights = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--max-pending" -> o.maxPendings = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--cases" -> o.cases = new LinkedHashSet<>(List.of(value.split(",")));
                    case "--emulator-heap" -> o.emulatorHeap = value;
                    case "--uri-options" -> o.uriOptions = "&" + value;
                    case "--emulator-latency-ms" ->
                            o.emulatorLatencies = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
                    default -> throw new IllegalArgumentException("Unknown option " + name);
                }
            }
            return o;
        }
    }

    /** One measured run. */
    record Result(String name, int round, long messages, double seconds, long failed, double p50Ms, double p99Ms,
                  double p999Ms, double senderCpu, double emulatorCpu, double otherCpu, double jitMicros, double retainedMb,
                  double peakHeapMb, double[] liveMbByFifth,
                  long gcs, long gcMillis, String storeCheck, boolean storeOk, double meanCallMs) {

        double rate() {
            return messages / seconds;
        }

        /** CPU time of both processes per message, in microseconds: what the run cost, whatever else ran. */
        double cpuMicrosPerMessage() {
            return (senderCpu + emulatorCpu) * Runtime.getRuntime().availableProcessors() * seconds * 1e6 / messages;
        }

        double senderMicrosPerMessage() {
            return senderCpu * Runtime.getRuntime().availableProcessors() * seconds * 1e6 / messages;
        }

        static String header() {
            return "case | round | messages | s | msg/s | failed | p50 ms | p99 ms | p99.9 ms | sender CPU | emulator CPU"
                   + " | other CPU | CPU us/msg (sender+emulator) | retained MB after full GC | peak heap MB | live MB by fifth | GCs (ms) | mean call ms | store check";
        }

        String row() {
            return String.format(Locale.ROOT, "%s | %s | %d | %.2f | %,.0f | %d | %.1f | %.1f | %.1f | %.0f%% | %.0f%% | %.0f%% | %.1f+%.1f | %+.1f | %.0f"
                                              + " | %s | %d (%d) | %.2f | %s%s", name, round == 0 ? "warm-up" : round,
                    messages, seconds, rate(), failed, p50Ms, p99Ms, p999Ms, senderCpu * 100, emulatorCpu * 100,
                    otherCpu * 100, senderMicrosPerMessage(), cpuMicrosPerMessage() - senderMicrosPerMessage(), retainedMb, peakHeapMb, fifths(liveMbByFifth), gcs, gcMillis, meanCallMs, storeCheck, storeOk ? "" : "  <-- CHECK FAILED");
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        long capacity = Math.max(Math.max(options.messages, options.warmupMessages), options.perMessageMessages) + 10_000;
        printMachine(options);
        try (EmulatorControl emulator = EmulatorControl.start(options.emulatorHeap, (int) capacity, 1)) {
            System.out.printf(Locale.ROOT, "emulator: separate JVM (pid %d, %s), %s, no faults, no signature check,"
                                           + " added latency %s ms%n%n",
                    emulator.pid(), options.emulatorHeap, emulator.endpoint(), Arrays.toString(options.emulatorLatencies));
            new EndToEndBenchmark(options, emulator).run();
        }
        System.exit(0);
    }

    private static void printMachine(Options options) {
        System.out.printf(Locale.ROOT, "machine: %d processors, java %s (%s %s), max heap %d MB, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() / 1048576, ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "options: messages=%d senders=%d rounds=%d warmup=%d perMessage=%d lowLoad=%d/s x %d s"
                                       + " batchSize=%s batchTimeout=%s maxInFlightBatches=%s cases=%s uriOptions=%s%n",
                options.messages, options.senders, options.rounds, options.warmupMessages, options.perMessageMessages,
                options.lowLoadRate, options.lowLoadSeconds, Arrays.toString(options.batchSizes),
                Arrays.toString(options.batchTimeouts), Arrays.toString(options.maxInFlights), options.cases,
                options.uriOptions);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "payloads: 1024 distinct JSON bodies, mean %.0f bytes%n%n", payloads.meanBytes());
        System.out.println(Result.header());
        for (long latency : options.emulatorLatencies) {
            emulator.latency(latency);
            latencySuffix = latency > 0 ? ", emulator latency " + latency + " ms" : "";
            runCases();
        }
        summary();
    }

    /** Every case of the options, at the emulator's current latency. */
    private void runCases() throws Exception {
        for (int maxInFlight : options.maxInFlights) {
            // the ceiling and the component take turns, round by round, so that both see the same machine
            List<Sending> components = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (options.cases.contains("component")) {
                for (int batchSize : options.batchSizes) {
                    for (long batchTimeout : options.batchTimeouts) {
                        for (int maxPending : options.maxPendings) {
                            String pending = maxPending > 0 ? "&maxPendingMessages=" + maxPending : "";
                            components.add(new Sending(uri(batchSize, batchTimeout, maxInFlight) + pending, false));
                            names.add("component (batchSize=" + batchSize + ", batchTimeout=" + batchTimeout
                                      + ", maxInFlight=" + maxInFlight
                                      + (maxPending > 0 ? ", maxPendingMessages=" + maxPending : "")
                                      + latencySuffix + ")");
                        }
                    }
                }
            }
            try (Ceiling ceiling = options.cases.contains("ceiling") ? new Ceiling(maxInFlight) : null) {
                // warm-up rounds until the JIT compilers have (nearly) stopped working: they settle late
                for (int warmup = 1; warmup <= MAX_WARMUPS; warmup++) {
                    double jit = 0;
                    if (ceiling != null) {
                        Result result = ceiling.run(options.warmupMessages, 0);
                        record(result);
                        jit = Math.max(jit, result.jitMicros());
                    }
                    for (int c = 0; c < components.size(); c++) {
                        Result result = components.get(c).burst(options.warmupMessages, names.get(c), 0);
                        record(result);
                        jit = Math.max(jit, result.jitMicros());
                    }
                    if (jit < SETTLED_JIT_MICROS) {
                        break;
                    }
                }
                for (int round = 1; round <= options.rounds; round++) {
                    if (ceiling != null) {
                        record(ceiling.run(options.messages, round));
                    }
                    for (int c = 0; c < components.size(); c++) {
                        record(components.get(c).burst(options.messages, names.get(c), round));
                    }
                }
            } finally {
                for (Sending sending : components) {
                    sending.close();
                }
            }
            if (options.cases.contains("lowload")) {
                for (int batchSize : options.batchSizes) {
                    for (long batchTimeout : options.batchTimeouts) {
                        lowLoad(batchSize, batchTimeout, maxInFlight);
                    }
                }
            }
            if (options.cases.contains("permessage")) {
                perMessageRounds(maxInFlight);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- ceiling

    /** The raw SDK client, built by the component's factory, with 1000 pre-built 100-message requests. */
    private final class Ceiling implements AutoCloseable {

        private final int threads;
        private final BatchPutMessageRequest[] requests = new BatchPutMessageRequest[1000];
        private final IoTAnalyticsClient client;

        Ceiling(int threads) {
            this.threads = threads;
            long index = 0;
            // messageIds of the same form and length as the exchange ids the component sends by default
            org.apache.camel.spi.UuidGenerator ids = new org.apache.camel.support.DefaultUuidGenerator();
            for (int r = 0; r < requests.length; r++) {
                List<Message> messages = new ArrayList<>(100);
                for (int m = 0; m < 100; m++, index++) {
                    messages.add(Message.builder().messageId(ids.generateExchangeUuid())
                            .payload(SdkBytes.fromByteArrayUnsafe(payloads.bytes(index))).build());
                }
                requests[r] = BatchPutMessageRequest.builder().channelName(CHANNEL).messages(messages).build();
            }
            client = IoTAnalyticsClientFactory.create(configuration(threads));
        }

        Result run(long messages, int round) throws Exception {
            String name = "ceiling (SDK, " + threads + " threads" + latencySuffix + ")";
            return ceiling(client, requests, threads, messages, name, round);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private Result ceiling(IoTAnalyticsClient client, BatchPutMessageRequest[] requests, int threads, long messages,
                           String name, int round) throws Exception {
        emulator.resetWithChannel(CHANNEL);
        long calls = messages / 100;
        AtomicLong next = new AtomicLong();
        LongAdder callNanos = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(threads);
        CountDownLatch measured = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        Measure measure = new Measure(next::get, calls);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    long call;
                    while ((call = next.getAndIncrement()) < calls) {
                        long begin = System.nanoTime();
                        BatchPutMessageResponse response = client.batchPutMessage(requests[(int) (call % requests.length)]);
                        callNanos.add(System.nanoTime() - begin);
                        errors.add(response.batchPutMessageErrorEntries().size());
                    }
                    finished.countDown();
                    // alive until the run is measured: their CPU time is read by thread
                    measured.await();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    finished.countDown();
                }
            }, "ceiling-" + t);
            workers.add(worker);
            worker.start();
        }
        measure.begin();
        start.countDown();
        finished.await();
        measure.end();
        measured.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A ceiling call failed", failure.get());
        }
        long[] stats = emulator.stats();
        long[] stored = emulator.verify(CHANNEL);
        boolean ok = stored[0] == calls * 100 && stats[1] == calls * 100 && errors.sum() == 0;
        String check = String.format(Locale.ROOT, "stored %d of %d", stored[0], calls * 100);
        return measure.result(name, round, calls * 100, errors.sum(), null, check, ok,
                callNanos.sum() / 1e6 / Math.max(1, calls));
    }

    // -------------------------------------------------------------------------------------------------- component

    private void perMessageRounds(int maxInFlight) throws Exception {
        try (Sending sending = new Sending(uri(1, 50, maxInFlight), false)) {
            String name = "per-message (batchSize=1, maxInFlight=" + maxInFlight + latencySuffix + ")";
            record(sending.burst(Math.min(options.warmupMessages, options.perMessageMessages), name, 0));
            for (int round = 1; round <= options.rounds; round++) {
                record(sending.burst(options.perMessageMessages, name, round));
            }
        }
    }

    private void lowLoad(int batchSize, long batchTimeout, int maxInFlight) throws Exception {
        try (Sending sending = new Sending(uri(batchSize, batchTimeout, maxInFlight), true)) {
            String name = "low load " + options.lowLoadRate + "/s (batchSize=" + batchSize + ", batchTimeout="
                          + batchTimeout + ", maxInFlight=" + maxInFlight + latencySuffix + ")";
            record(sending.paced(options.lowLoadRate, 5, name, 0));
            record(sending.paced(options.lowLoadRate, options.lowLoadSeconds, name, 1));
        }
    }

    private String uri(int batchSize, long batchTimeout, int maxInFlight) {
        return "iotanalytics:" + CHANNEL + "?batchSize=" + batchSize + "&batchTimeout=" + batchTimeout
               + "&maxInFlightBatches=" + maxInFlight + options.uriOptions;
    }

    /** A Camel context with one iotanalytics endpoint, and the senders that drive it. */
    private final class Sending implements AutoCloseable {

        private final CamelContext context = new DefaultCamelContext();
        private final Endpoint endpoint;
        private final ProducerTemplate template;
        private final TimedClient timedClient;

        Sending(String uri, boolean timed) throws Exception {
            IoTAnalyticsComponent component = context.getComponent("iotanalytics", IoTAnalyticsComponent.class);
            IoTAnalyticsConfiguration shared = component.getConfiguration();
            shared.setRegion(REGION);
            shared.setAccessKey(ACCESS_KEY);
            shared.setSecretKey(SECRET_KEY);
            shared.setOverrideEndpoint(true);
            shared.setUriEndpointOverride(emulator.endpoint());
            if (timed) {
                // the factory's client, wrapped to time each call (the low-load target is stated in call times)
                IoTAnalyticsConfiguration forClient = configuration(16);
                timedClient = new TimedClient(IoTAnalyticsClientFactory.create(forClient));
                shared.setIotAnalyticsClient(timedClient);
            } else {
                timedClient = null;
            }
            context.start();
            endpoint = context.getEndpoint(uri);
            template = context.createProducerTemplate();
            // the sender thread runs the producer itself: no hand-off to a template thread pool
            template.setThreadedAsyncMode(false);
        }

        /** {@code messages} exchanges from {@code --senders} threads, as fast as the producer takes them. */
        Result burst(long messages, String name, int round) throws Exception {
            emulator.resetWithChannel(CHANNEL);
            Completions completions = new Completions(messages);
            Measure measure = new Measure(completions.completed::get, messages);
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch measured = new CountDownLatch(1);
            int senders = options.senders;
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                long from = messages * s / senders;
                long to = messages * (s + 1) / senders;
                Thread sender = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (long i = from; i < to; i++) {
                        send(i, completions);
                    }
                    try {
                        // alive until the run is measured: their CPU time is read by thread
                        measured.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "sender-" + s);
                threads.add(sender);
                sender.start();
            }
            measure.begin();
            start.countDown();
            long hung = completions.await(TimeUnit.MINUTES.toNanos(10));
            measure.end();
            measured.countDown();
            for (Thread sender : threads) {
                sender.join();
            }
            return finish(name, round, messages, completions, measure, hung, Double.NaN);
        }

        /** {@code rate} exchanges a second from one thread for {@code seconds}. */
        Result paced(int rate, int seconds, String name, int round) throws Exception {
            emulator.resetWithChannel(CHANNEL);
            long messages = (long) rate * seconds;
            Completions completions = new Completions(messages);
            Measure measure = new Measure(completions.completed::get, messages);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long callsBefore = timedClient.calls();
            long nanosBefore = timedClient.nanos();
            measure.begin();
            long begin = System.nanoTime();
            for (long i = 0; i < messages; i++) {
                long due = begin + i * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(i, completions);
            }
            long hung = completions.await(TimeUnit.MINUTES.toNanos(2));
            measure.end();
            long calls = timedClient.calls() - callsBefore;
            double meanCallMs = (timedClient.nanos() - nanosBefore) / 1e6 / Math.max(1, calls);
            System.out.printf(Locale.ROOT, "  (%d calls, %.1f messages per call, mean call time %.2f ms)%n", calls,
                    (double) messages / Math.max(1, calls), meanCallMs);
            return finish(name, round, messages, completions, measure, hung, meanCallMs);
        }

        private void send(long index, Completions completions) {
            Exchange exchange = endpoint.createExchange();
            exchange.getMessage().setBody(payloads.text(index));
            long begin = System.nanoTime();
            template.asyncSend(endpoint, exchange).whenComplete((done, error) -> completions.done(index, begin, done, error));
        }

        private Result finish(String name, int round, long messages, Completions completions, Measure measure,
                              long hung, double meanCallMs) throws IOException {
            long[] stored = emulator.verify(CHANNEL);
            long succeeded = messages - completions.failed.sum() - hung;
            boolean ok = hung == 0 && completions.failed.sum() == 0 && stored[0] == messages && stored[1] == messages
                         && stored[2] == completions.checksum.get();
            String check = String.format(Locale.ROOT, "stored %d (%d distinct) of %d succeeded, checksum %s%s%s",
                    stored[0], stored[1], succeeded, stored[2] == completions.checksum.get() ? "equal" : "DIFFERENT",
                    hung > 0 ? ", HUNG " + hung : "",
                    completions.firstError.get() != null ? ", first error: " + completions.firstError.get() : "");
            return measure.result(name, round, messages, completions.failed.sum() + hung, completions.latencies, check,
                    ok, meanCallMs);
        }

        @Override
        public void close() throws Exception {
            template.stop();
            context.stop();
            if (timedClient != null) {
                timedClient.close();
            }
        }
    }

    /** The outcomes of one run's exchanges. */
    private static final class Completions {
        final long[] latencies;
        final AtomicLong completed = new AtomicLong();
        final LongAdder failed = new LongAdder();
        final AtomicLong checksum = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final CountDownLatch all = new CountDownLatch(1);
        final long expected;

        Completions(long expected) {
            this.expected = expected;
            this.latencies = new long[(int) expected];
        }

        void done(long index, long begin, Exchange exchange, Throwable error) {
            latencies[(int) index] = System.nanoTime() - begin;
            Throwable failure = error != null ? error : exchange.getException();
            if (failure != null) {
                failed.increment();
                firstError.compareAndSet(null, failure.toString());
            } else {
                checksum.addAndGet(Ids.hash(exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, String.class)));
            }
            if (completed.incrementAndGet() == expected) {
                all.countDown();
            }
        }

        /** Waits up to {@code nanos} for every outcome; returns how many are missing. */
        long await(long nanos) throws InterruptedException {
            all.await(nanos, TimeUnit.NANOSECONDS);
            return expected - completed.get();
        }
    }

    // -------------------------------------------------------------------------------------------------- measures

    /** Wall time, CPU of both processes and the heap of one run. */
    private final class Measure {
        private final HeapWatch heap;
        private final long heapBefore;
        private long beginNanos;
        private long endNanos;
        private long cpuBegin;
        private long cpuEnd;
        private long emulatorCpuBegin;
        private long emulatorCpuEnd;
        private java.util.Map<String, Long> threadsBegin;
        private java.util.Map<String, Long> threadsEnd;
        private long[] machineBegin;
        private long[] machineEnd;
        private final long total;

        Measure(java.util.function.LongSupplier progress, long total) {
            this.total = total;
            this.heapBefore = HeapWatch.usedAfterFullGc();
            this.heap = new HeapWatch(progress);
        }

        void begin() {
            cpuBegin = processCpu();
            emulatorCpuBegin = emulator.cpu().toNanos();
            machineBegin = MachineCpu.read();
            threadsBegin = ThreadCpu.read();
            beginNanos = System.nanoTime();
        }

        void end() {
            endNanos = System.nanoTime();
            cpuEnd = processCpu();
            emulatorCpuEnd = emulator.cpu().toNanos();
            machineEnd = MachineCpu.read();
            threadsEnd = ThreadCpu.read();
            heap.close();
        }

        Result result(String name, int round, long messages, long failed, long[] latencies, String check, boolean ok,
                      double meanCallMs) {
            double seconds = (endNanos - beginNanos) / 1e9;
            double cores = Runtime.getRuntime().availableProcessors() * (endNanos - beginNanos);
            double p50 = Double.NaN;
            double p99 = Double.NaN;
            double p999 = Double.NaN;
            if (latencies != null) {
                long[] sorted = latencies.clone();
                Arrays.sort(sorted);
                p50 = percentile(sorted, 0.50);
                p99 = percentile(sorted, 0.99);
                p999 = percentile(sorted, 0.999);
            }
            System.out.println("  sender CPU by thread kind, us/msg: " + ThreadCpu.perMessage(threadsBegin, threadsEnd, messages));
            double sender = (cpuEnd - cpuBegin) / cores;
            double emulatorShare = (emulatorCpuEnd - emulatorCpuBegin) / cores;
            double others = Math.max(0, MachineCpu.busy(machineBegin, machineEnd) - sender - emulatorShare);
            // what the run left behind (the benchmark's own array of latencies included)
            double retained = (HeapWatch.usedAfterFullGc() - heapBefore) / 1048576.0;
            return new Result(name, round, messages, seconds, failed, p50, p99, p999, sender, emulatorShare, others,
                    ThreadCpu.perMessage(threadsBegin, threadsEnd, "jit", messages), retained, heap.peakBytes() / 1048576.0,
                    heap.liveMbByFifth(total), heap.collections(), heap.gcMillis(), check, ok, meanCallMs);
        }
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private IoTAnalyticsConfiguration configuration(int maxInFlight) {
        IoTAnalyticsConfiguration configuration = new IoTAnalyticsConfiguration();
        configuration.setRegion(REGION);
        configuration.setAccessKey(ACCESS_KEY);
        configuration.setSecretKey(SECRET_KEY);
        configuration.setOverrideEndpoint(true);
        configuration.setUriEndpointOverride(emulator.endpoint());
        configuration.setMaxInFlightBatches(maxInFlight);
        return configuration;
    }

    private void record(Result result) {
        System.out.println(result.row());
        System.out.flush();
        if (result.round() > 0) {
            results.add(result);
        }
    }

    // -------------------------------------------------------------------------------------------------- summary

    private void summary() {
        System.out.println();
        System.out.println("## Summary (median of the measured rounds)");
        System.out.println();
        System.out.println("| case | msg/s (median) | rounds | CPU us/msg, sender + emulator (median) | p50 ms | p99 ms | peak heap MB | live heap after GC MB, by fifth of the run | all stored |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---|---|");
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> names.add(r.name()));
        for (String name : names) {
            List<Result> rounds = results.stream().filter(r -> r.name().equals(name)).toList();
            Result median = median(rounds);
            double[] cpu = rounds.stream().mapToDouble(Result::cpuMicrosPerMessage).sorted().toArray();
            double[] senderCpu = rounds.stream().mapToDouble(Result::senderMicrosPerMessage).sorted().toArray();
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %.1f + %.1f | %.1f | %.1f | %.0f | %s | %s |%n", name,
                    median.rate(), rounds.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.rate())).toList(),
                    senderCpu[senderCpu.length / 2], cpu[cpu.length / 2] - senderCpu[senderCpu.length / 2], median.p50Ms(),
                    median.p99Ms(), rounds.stream().mapToDouble(Result::peakHeapMb).max().orElse(0),
                    fifths(median.liveMbByFifth()), rounds.stream().allMatch(Result::storeOk) ? "yes" : "NO");
        }
        System.out.println();
        for (long latency : options.emulatorLatencies) {
            List<Result> group = results.stream().filter(r -> latencyOf(r) == latency).toList();
            Result ceiling = medianOf(group, "ceiling");
            Result component = medianOf(group, "component");
            Result perMessage = medianOf(group, "per-message");
            String at = "emulator latency " + latency + " ms: ";
            if (ceiling != null && component != null) {
                System.out.printf(Locale.ROOT, "%scomponent / ceiling     = %.3f  (target >= 0.90, aim 0.95)%n", at,
                        component.rate() / ceiling.rate());
                System.out.printf(Locale.ROOT, "%sCPU per message, ceiling / component = %.3f  (the throughput ratio"
                                               + " where both cases are CPU-bound)%n",
                        at, medianCpu(group, "ceiling") / medianCpu(group, "component"));
            }
            if (perMessage != null && component != null) {
                System.out.printf(Locale.ROOT, "%scomponent / per-message = %.1f x (target >= 30 x)%n", at,
                        component.rate() / perMessage.rate());
            }
        }
        for (Result low : results) {
            if (low.name().startsWith("low load")) {
                long batchTimeout = Long.parseLong(low.name().replaceAll(".*batchTimeout=(\\d+).*", "$1"));
                double bound = batchTimeout + 2 * low.meanCallMs();
                System.out.printf(Locale.ROOT, "%s: p50 %.1f ms, p99 %.1f ms; bound batchTimeout + 2 x mean call"
                                               + " (%.2f ms) = %.1f ms: %s%n", low.name(), low.p50Ms(), low.p99Ms(),
                        low.meanCallMs(), bound, low.p99Ms() <= bound ? "met" : "NOT MET");
            }
        }
    }

    private static long latencyOf(Result result) {
        Matcher matcher = LATENCY_IN_NAME.matcher(result.name());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static double medianCpu(List<Result> group, String prefix) {
        List<Result> matching = group.stream().filter(r -> r.name().startsWith(prefix)).toList();
        String first = matching.get(0).name();
        double[] cpu = matching.stream().filter(r -> r.name().equals(first)).mapToDouble(Result::cpuMicrosPerMessage)
                .sorted().toArray();
        return cpu[cpu.length / 2];
    }

    private static Result medianOf(List<Result> group, String prefix) {
        List<Result> matching = group.stream().filter(r -> r.name().startsWith(prefix)).toList();
        if (matching.isEmpty()) {
            return null;
        }
        String first = matching.get(0).name();
        return median(matching.stream().filter(r -> r.name().equals(first)).toList());
    }

    private static Result median(List<Result> rounds) {
        List<Result> sorted = new ArrayList<>(rounds);
        sorted.sort((a, b) -> Double.compare(a.rate(), b.rate()));
        return sorted.get(sorted.size() / 2);
    }

    private static String fifths(double[] fifths) {
        StringBuilder text = new StringBuilder();
        for (double mb : fifths) {
            text.append(text.length() == 0 ? "" : " / ").append(mb < 0 ? "-" : String.format(Locale.ROOT, "%.0f", mb));
        }
        return text.toString();
    }
}
