package io.github.cameliotanalytics.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.MessageNotDeliveredException;
import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One Camel context that sends to one channel through {@code iotanalytics:} (its default options, plus any given), from
 * several threads with {@code ProducerTemplate.asyncSend}, as fast as the producer takes the exchanges: either for a
 * fixed time, measuring what was delivered in a window of it ({@link #sendFor}), or a fixed number of exchanges with
 * known messageIds ({@link #sendCount}, for the soak). Its client ({@link CallOutcomes}) counts the calls the service
 * throttled.
 * <p>
 * {@link #main} runs one in a JVM of its own (the quota benchmark's other Camel instances) and prints its figures as
 * one line that starts with {@value #RESULT}.
 */
final class QuotaSender implements AutoCloseable {

    /** The start of the line a sender JVM prints its figures on. */
    static final String RESULT = "QUOTA-RESULT";
    /** The line a sender JVM prints once its context is started, before it waits for {@link #GO}. */
    static final String READY = "QUOTA-READY";
    /** The start of the line that tells a sender JVM when to start (wall clock, epoch milliseconds). */
    static final String GO = "GO";
    /** The longest wait for the outcomes after the senders stop: the producer's default deliveryTimeout, and more. */
    static final long OUTCOME_WAIT_SECONDS = 150;

    /**
     * What one sender context did.
     *
     * @param delivered     the exchanges that succeeded within the measured window
     * @param windowSeconds the measured window
     * @param calls         BatchPutMessage calls answered or failed, the whole run
     * @param throttled     of them, answered 429 ThrottlingException
     * @param windowCalls   the calls answered or failed within the measured window (the whole run for a count)
     * @param windowThrottled of them, answered 429 ThrottlingException
     */
    record Figures(long sent, long succeeded, long failed, long hung, long twice, long delivered, double windowSeconds,
                   long calls, long throttled, long otherCallFailures, String failures, long windowCalls,
                   long windowThrottled) {

        double rate() {
            return delivered / windowSeconds;
        }

        double throttledPercent() {
            return calls == 0 ? 0 : throttled * 100.0 / calls;
        }

        double windowThrottledPercent() {
            return windowCalls == 0 ? 0 : windowThrottled * 100.0 / windowCalls;
        }

        /** Every exchange got exactly one outcome, and none failed. */
        boolean nothingLost() {
            return hung == 0 && failed == 0 && twice == 0;
        }

        String line() {
            return String.format(Locale.ROOT, "%s sent=%d succeeded=%d failed=%d hung=%d twice=%d delivered=%d seconds=%.3f"
                                              + " calls=%d throttled=%d otherCallFailures=%d failures=%s windowCalls=%d"
                                              + " windowThrottled=%d", RESULT, sent, succeeded, failed, hung, twice,
                    delivered, windowSeconds, calls, throttled, otherCallFailures,
                    failures.isEmpty() ? "-" : failures.replace(' ', '_'), windowCalls, windowThrottled);
        }

        static Figures parse(String line) {
            Map<String, String> values = new ConcurrentHashMap<>();
            for (String pair : line.substring(RESULT.length()).trim().split(" ")) {
                int equals = pair.indexOf('=');
                values.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
            return new Figures(Long.parseLong(values.get("sent")), Long.parseLong(values.get("succeeded")),
                    Long.parseLong(values.get("failed")), Long.parseLong(values.get("hung")),
                    Long.parseLong(values.get("twice")), Long.parseLong(values.get("delivered")),
                    Double.parseDouble(values.get("seconds")), Long.parseLong(values.get("calls")),
                    Long.parseLong(values.get("throttled")), Long.parseLong(values.get("otherCallFailures")),
                    values.get("failures").equals("-") ? "" : values.get("failures"),
                    Long.parseLong(values.get("windowCalls")), Long.parseLong(values.get("windowThrottled")));
        }
    }

    private final CamelContext context;
    private final Endpoint endpoint;
    private final ProducerTemplate template;
    private final CallOutcomes client;
    private final Payloads payloads = new Payloads(1024, 42);

    /** A started context whose endpoint sends to {@code channel} of the emulator at {@code emulatorEndpoint}. */
    QuotaSender(String emulatorEndpoint, String channel, String uriOptions) throws Exception {
        IoTAnalyticsConfiguration settings = new IoTAnalyticsConfiguration();
        settings.setRegion(Rig.REGION);
        settings.setAccessKey(Rig.ACCESS_KEY);
        settings.setSecretKey(Rig.SECRET_KEY);
        settings.setOverrideEndpoint(true);
        settings.setUriEndpointOverride(emulatorEndpoint);
        // the client the component would build from these options (its batches' calls carry no timer), counted
        client = new CallOutcomes(IoTAnalyticsClientFactory.createAsync(settings));
        context = new DefaultCamelContext();
        IoTAnalyticsComponent component = context.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        IoTAnalyticsConfiguration shared = component.getConfiguration();
        shared.setRegion(Rig.REGION);
        shared.setIotAnalyticsAsyncClient(client);
        context.start();
        endpoint = context.getEndpoint("iotanalytics:" + channel + (uriOptions.isEmpty() ? "" : "?" + uriOptions));
        template = context.createProducerTemplate();
        // the sender thread runs the producer itself, as in the end-to-end benchmark
        template.setThreadedAsyncMode(false);
    }

    /**
     * Sends from {@code senders} threads from {@code startAtMillis} (wall clock, so that senders in several JVMs start
     * together) for {@code durationMillis}; what succeeded from {@code warmupMillis} on is the delivered figure.
     */
    Figures sendFor(int senders, long startAtMillis, long warmupMillis, long durationMillis) throws InterruptedException {
        sleepUntil(startAtMillis);
        Run run = new Run(Long.MAX_VALUE, null, null);
        run.start(senders);
        sleepUntil(startAtMillis + warmupMillis);
        long from = run.succeeded.sum();
        long callsFrom = client.calls();
        long throttledFrom = client.throttled();
        long begin = System.nanoTime();
        sleepUntil(startAtMillis + durationMillis);
        long delivered = run.succeeded.sum() - from;
        double seconds = (System.nanoTime() - begin) / 1e9;
        return run.finish(delivered, seconds, client.calls() - callsFrom, client.throttled() - throttledFrom);
    }

    /**
     * Sends {@code messages} exchanges from {@code senders} threads, exchange i with the messageId {@code idPrefix + i};
     * {@code outcomes[i]} becomes 1 when it succeeded, 2 when it failed. The delivered figure is all that succeeded,
     * over the time until the last outcome.
     */
    Figures sendCount(int senders, int messages, String idPrefix, byte[] outcomes) throws InterruptedException {
        long begin = System.nanoTime();
        Run run = new Run(messages, idPrefix, outcomes);
        run.start(senders);
        run.joinSenders();
        run.awaitOutcomes();
        return run.finish(-1, (System.nanoTime() - begin) / 1e9, -1, -1);
    }

    /** The exchanges of one sending, and their outcomes. */
    private final class Run {

        private final long limit;
        private final String idPrefix;
        private final byte[] outcomes;
        private final AtomicLong next = new AtomicLong();
        private final AtomicLong completed = new AtomicLong();
        private final LongAdder succeeded = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder twice = new LongAdder();
        private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        private final AtomicReference<String> firstError = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;
        private long callsBefore;
        private long throttledBefore;
        private long otherBefore;

        Run(long limit, String idPrefix, byte[] outcomes) {
            this.limit = limit;
            this.idPrefix = idPrefix;
            this.outcomes = outcomes;
        }

        void start(int senders) {
            callsBefore = client.calls();
            throttledBefore = client.throttled();
            otherBefore = client.otherFailures();
            for (int s = 0; s < senders; s++) {
                Thread sender = new Thread(this::sendAll, "quota-sender-" + s);
                threads.add(sender);
                sender.start();
            }
        }

        private void sendAll() {
            long index;
            while (!stop && (index = next.getAndIncrement()) < limit) {
                Exchange exchange = endpoint.createExchange();
                exchange.getMessage().setBody(payloads.text(index));
                if (idPrefix != null) {
                    exchange.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, idPrefix + index);
                }
                long of = index;
                template.asyncSend(endpoint, exchange).whenComplete((done, error) -> outcome(of, done, error));
            }
        }

        private void outcome(long index, Exchange exchange, Throwable error) {
            Throwable failure = error != null ? error : exchange.getException();
            if (outcomes != null && outcomes[(int) index] != 0) {
                twice.increment();
            } else if (failure == null) {
                succeeded.increment();
            } else {
                failed.increment();
                String code = failure instanceof MessageNotDeliveredException notDelivered ? notDelivered.getErrorCode()
                        : failure.getClass().getSimpleName();
                failures.computeIfAbsent(String.valueOf(code), c -> new LongAdder()).increment();
                firstError.compareAndSet(null, failure.toString());
            }
            if (outcomes != null && outcomes[(int) index] == 0) {
                outcomes[(int) index] = (byte) (failure == null ? 1 : 2);
            }
            completed.incrementAndGet();
        }

        void joinSenders() throws InterruptedException {
            for (Thread sender : threads) {
                sender.join();
            }
        }

        /** Waits, at most {@value #OUTCOME_WAIT_SECONDS} s, for every exchange handed to the template. */
        void awaitOutcomes() throws InterruptedException {
            long sent = Math.min(next.get(), limit);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OUTCOME_WAIT_SECONDS);
            while (completed.get() - twice.sum() < sent && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        /** The figures; a negative {@code delivered} or window count: all of the run. */
        Figures finish(long delivered, double seconds, long windowCalls, long windowThrottled)
                throws InterruptedException {
            stop = true;
            joinSenders();
            awaitOutcomes();
            long sent = Math.min(next.get(), limit);
            long done = succeeded.sum();
            String codes = failures.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().sum())
                    .collect(Collectors.joining(","));
            if (firstError.get() != null) {
                System.err.println("quota sender: first failure: " + firstError.get());
            }
            long calls = client.calls() - callsBefore;
            long throttled = client.throttled() - throttledBefore;
            return new Figures(sent, done, failed.sum(), sent - done - failed.sum(), twice.sum(),
                    delivered < 0 ? done : delivered, seconds, calls, throttled, client.otherFailures() - otherBefore,
                    codes, windowCalls < 0 ? calls : windowCalls, windowThrottled < 0 ? throttled : windowThrottled);
        }
    }

    private static void sleepUntil(long wallMillis) throws InterruptedException {
        long wait;
        while ((wait = wallMillis - System.currentTimeMillis()) > 0) {
            Thread.sleep(Math.min(wait, 100));
        }
    }

    @Override
    public void close() throws Exception {
        template.stop();
        context.stop();
        client.close();
    }

    /**
     * A sender in a JVM of its own: {@code --endpoint URL --channel NAME --senders N --warmup-ms N --duration-ms N
     * [--uri-options A=B&C=D]}; prints {@value #READY} once its context is started, reads {@code GO EPOCH_MILLIS} on
     * its standard input (the common start), then prints its {@link Figures} as one line.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>(Map.of("--uri-options", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Figures figures;
        try (QuotaSender sender = new QuotaSender(options.get("--endpoint"), options.get("--channel"),
                options.get("--uri-options"))) {
            System.out.println(READY);
            System.out.flush();
            String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (go == null || !go.startsWith(GO)) {
                throw new IllegalStateException("Expected '" + GO + " EPOCH_MILLIS' on the standard input, read " + go);
            }
            long startAt = Long.parseLong(go.substring(GO.length()).trim());
            figures = sender.sendFor(Integer.parseInt(options.get("--senders")), startAt,
                    Long.parseLong(options.get("--warmup-ms")), Long.parseLong(options.get("--duration-ms")));
        }
        System.out.println(figures.line());
        System.out.flush();
        System.exit(0);
    }
}
