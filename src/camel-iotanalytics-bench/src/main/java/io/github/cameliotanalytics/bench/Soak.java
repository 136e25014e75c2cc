package io.github.cameliotanalytics.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.IoTAnalyticsStatistics;
import io.github.cameliotanalytics.MessageNotDeliveredException;
import io.github.cameliotanalytics.batch.DeliveryFailure;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The soak run of docs/reliability.md: many messages from many threads through {@code iotanalytics:} while the
 * emulator (a process of its own) throttles calls, answers 503, drops connections and fails single entries; then a
 * second run whose Camel context is stopped at a random point; then two runs with a route step after the producer: one
 * that sleeps 1 s for 1 exchange in 200, one that throws an {@code Error} for 1 exchange in 300 (with a stop at a
 * random point); then a run against a channel's quota alone ({@link SoakQuotaRun}). Every exchange's outcome is
 * compared with what the emulator stored, and its time with its bound.
 * <p>
 * Options: {@code --messages N} (each run, default 1,000,000), {@code --senders N} (16), {@code --throttle R} (0.10),
 * {@code --unavailable R} (0.05), {@code --drop R} (0.01), {@code --entry-failures R} (0.02, errorCode
 * InternalFailureException, which the producer retries), {@code --seed N} (random), {@code --runs 1..5} (5: the
 * fifth is the quota run), {@code --quota N} (messages per second, 20,000), {@code --quota-messages N} (the quota run's
 * exchanges, 200,000: about 10 s).
 */
public final class Soak {

    static final String REGION = "us-east-1";

    private static final byte PENDING = 0;
    private static final byte SUCCEEDED = 1;
    private static final byte FAILED = 2;
    private static final byte NOT_ACCEPTED = 3;

    /** The options of every run (the defaults): what bounds the time of an outcome. */
    private static final long MAX_BLOCK_MILLIS = 10_000;
    private static final long DELIVERY_TIMEOUT_MILLIS = 120_000;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 10_000;
    /**
     * The slack on top of a bound: the sender's tick (100 ms) and, for the route continuations, the wait for one of the
     * 20 workers while others sleep or fail (docs/reliability.md).
     */
    private static final long SLACK_MILLIS = 5_000;

    /** A route step after the producer. */
    private enum Step {
        NONE(0, "no route step after the producer"),
        SLEEP(200, "a route step after the producer sleeps 1 s for 1 exchange in 200"),
        ERROR(300, "a route step after the producer throws an Error for 1 exchange in 300");

        final int every;
        final String description;

        Step(int every, String description) {
            this.every = every;
            this.description = description;
        }

        /** How long the step itself may take for this exchange. */
        long ownMillis(int index) {
            return this == SLEEP && index % every == 0 ? 1000 : 0;
        }
    }
    private final EmulatorControl emulator;
    private final Payloads payloads = new Payloads(1024, 7);
    private final int senders;

    private Soak(EmulatorControl emulator, int senders) {
        this.emulator = emulator;
        this.senders = senders;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int messages = 1_000_000;
        int senders = 16;
        double throttle = 0.10;
        double unavailable = 0.05;
        double drop = 0.01;
        double entry = 0.02;
        long seed = System.nanoTime();
        int runs = 5;
        int quota = 20_000;
        int quotaMessages = 200_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(value);
                case "--senders" -> senders = Integer.parseInt(value);
                case "--throttle" -> throttle = Double.parseDouble(value);
                case "--unavailable" -> unavailable = Double.parseDouble(value);
                case "--drop" -> drop = Double.parseDouble(value);
                case "--entry-failures" -> entry = Double.parseDouble(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--quota" -> quota = Integer.parseInt(value);
                case "--quota-messages" -> quotaMessages = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        System.out.printf("soak: %d processors, java %s, max heap %d MB, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / 1048576,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf("soak: %d messages per run, %d senders, seed %d; emulator faults: throttle %.2f, 503 %.2f,"
                          + " dropped connections %.2f of calls; entry failures %.2f of messages (InternalFailureException)%n",
                messages, senders, seed, throttle, unavailable, drop, entry);
        // each run has its own channel, kept until the run is checked: room for every message
        try (EmulatorControl emulator = EmulatorControl.start("-Xmx6g", messages + 10_000, seed)) {
            Soak soak = new Soak(emulator, senders);
            String faults = throttle + " " + unavailable + " 0 " + drop + " " + entry;
            SplittableRandom random = new SplittableRandom(seed);
            boolean ok = soak.run(1, messages, faults, -1, Step.NONE);
            if (runs > 1) {
                double stopAt = 0.2 + random.nextDouble() * 0.6;
                ok &= soak.run(2, messages, faults, (long) (messages * stopAt), Step.NONE);
            }
            if (runs > 2) {
                ok &= soak.run(3, messages, faults, -1, Step.SLEEP);
            }
            if (runs > 3) {
                double stopAt = 0.2 + random.nextDouble() * 0.6;
                ok &= soak.run(4, messages, faults, (long) (messages * stopAt), Step.ERROR);
            }
            if (runs > 4) {
                ok &= SoakQuotaRun.run(5, quotaMessages, quota, senders);
            }
            System.out.println(ok ? "SOAK PASSED" : "SOAK FAILED");
            System.exit(ok ? 0 : 1);
        }
    }

    /**
     * One run; with {@code stopAfter >= 0} the context is stopped once that many exchanges were handed to the template,
     * while the senders go on.
     */
    private boolean run(int run, int messages, String faults, long stopAfter, Step step) throws Exception {
        String channel = "soak_run" + run;
        String prefix = "r" + run + "-";
        emulator.command("reset");
        emulator.command("create " + channel);
        emulator.command("faults " + faults);
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();

        CamelContext context = new DefaultCamelContext();
        IoTAnalyticsComponent component = context.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        IoTAnalyticsConfiguration shared = component.getConfiguration();
        shared.setRegion(REGION);
        shared.setAccessKey("AKIDSOAK");
        shared.setSecretKey("soak-secret");
        shared.setOverrideEndpoint(true);
        shared.setUriEndpointOverride(emulator.endpoint());
        AtomicLong handedOver = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CountDownLatch allCompleted = new CountDownLatch(1);
        // an exchange whose route step threw an Error stays in flight for Camel: the stop waits for it at most 1 s, so
        // that it stops the producer mid-run rather than after the senders are done (Camel then refuses to run the
        // rest of the route of the exchanges still in flight: the producer's outcome is what the soak checks)
        context.getShutdownStrategy().setTimeout(1);
        byte[] status = new byte[messages];
        // how many times the producer completed each exchange (it must be once), seen by the callback the producer
        // calls, so that Camel's own handling of the rest of the route (an Error in a step, a forced stop) does not hide
        // the producer's outcome
        byte[] producerDone = new byte[messages];
        AtomicIntegerArray counted = new AtomicIntegerArray(messages);
        long[] handedOverAt = new long[messages];
        long[] outcomeAt = new long[messages];
        Map<String, LongAdder> failuresByCode = new ConcurrentHashMap<>();
        Map<String, LongAdder> notAcceptedByReason = new ConcurrentHashMap<>();
        Outcomes outcomes = new Outcomes(status, outcomeAt, failuresByCode, notAcceptedByReason, counted, completed,
                messages, allCompleted);
        String target = "iotanalytics:" + channel;
        List<AtomicReference<AsyncProducer>> producers = new ArrayList<>();
        if (step != Step.NONE) {
            target = "direct:soak" + run;
            // the producer as a route step whose callback records its outcome, then the step after it
            AtomicReference<AsyncProducer> producer = new AtomicReference<>();
            AsyncProcessor sendAndRecord = new AsyncProcessorSupport() {
                @Override
                public boolean process(Exchange exchange, AsyncCallback callback) {
                    int index = exchange.getMessage().getHeader("soakIndex", Integer.class);
                    return producer.get().process(exchange, doneSync -> {
                        if (producerDone[index]++ == 0) {
                            outcomes.record(index, exchange.getException());
                        }
                        callback.done(doneSync);
                    });
                }
            };
            producers.add(producer);
            context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:soak" + run).process(sendAndRecord).process(exchange -> {
                        int index = exchange.getMessage().getHeader("soakIndex", Integer.class);
                        if (index % step.every == 0) {
                            if (step == Step.SLEEP) {
                                Thread.sleep(1000);
                            } else {
                                // Camel does not complete an exchange whose step threw an Error: it is counted here
                                outcomes.countOnce(index);
                                throw new AssertionError("soak: a failing route step");
                            }
                        }
                    });
                }
            });
        }
        context.start();
        Endpoint producerEndpoint = context.getEndpoint("iotanalytics:" + channel);
        for (AtomicReference<AsyncProducer> producer : producers) {
            producer.set(producerEndpoint.createAsyncProducer());
            // stopped by its endpoint, with the context
            producer.get().start();
        }
        Endpoint endpoint = context.getEndpoint(target);
        ProducerTemplate template = context.createProducerTemplate();
        template.setThreadedAsyncMode(false);

        long heapBefore = HeapWatch.usedAfterFullGc();
        HeapWatch heap = new HeapWatch(completed::get);

        System.out.printf("%nrun %d: %s; %s%n", run, stopAfter < 0 ? "to the end"
                : "context stopped after " + stopAfter + " exchanges were handed over", step.description);
        long begin = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int from = (int) ((long) messages * s / senders);
            int to = (int) ((long) messages * (s + 1) / senders);
            Thread sender = new Thread(() -> {
                for (int i = from; i < to; i++) {
                    int index = i;
                    Exchange exchange = endpoint.createExchange();
                    exchange.getMessage().setBody(payloads.text(index));
                    exchange.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, prefix + index);
                    exchange.getMessage().setHeader("soakIndex", index);
                    handedOver.incrementAndGet();
                    handedOverAt[index] = System.nanoTime();
                    try {
                        template.asyncSend(endpoint, exchange).whenComplete((done, error) -> {
                            if (producerDone[index] == 0) {
                                // Camel refused it before it reached the producer
                                outcomes.record(index, error != null ? error : done.getException());
                            }
                            outcomes.countOnce(index);
                        });
                    } catch (RuntimeException e) {
                        outcomes.record(index, e);
                        outcomes.countOnce(index);
                    }
                }
            }, "soak-sender-" + s);
            threads.add(sender);
        }
        threads.forEach(Thread::start);

        long stopMillis = -1;
        Map<String, Object> producerStats = Map.of();
        if (stopAfter >= 0) {
            while (handedOver.get() < stopAfter) {
                Thread.sleep(1);
            }
            producerStats = statistics(producerEndpoint);
            long stopBegin = System.nanoTime();
            context.stop();
            stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopBegin);
        }
        for (Thread sender : threads) {
            sender.join();
        }
        // bounded wait: deliveryTimeout (120 s) and the shutdown timeout (10 s) bound every outcome
        boolean allDone = allCompleted.await(180, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (stopAfter < 0) {
            producerStats = statistics(producerEndpoint);
            long stopBegin = System.nanoTime();
            context.stop();
            stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopBegin);
        }
        heap.close();
        long peakHeap = heap.peakBytes();
        long heapAfter = HeapWatch.usedAfterFullGc();
        double[] live = heap.liveMbByFifth(messages);

        // a worker still in a route step that sleeps ends when the step does
        for (int wait = 0; wait < 50 && componentThreadsAlive(threadsBefore); wait++) {
            Thread.sleep(100);
        }
        List<String> componentThreads = new ArrayList<>();
        List<String> otherNewThreads = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!thread.isAlive() || threadsBefore.contains(thread)) {
                continue;
            }
            if (thread.getName().contains("IoTAnalytics")) {
                componentThreads.add(thread.getName());
            } else if (!thread.getName().startsWith("soak-sender-")) {
                otherNewThreads.add(thread.getName());
            }
        }

        long[] stats = emulator.stats();
        emulator.command("nofaults");
        long[] unknown = new long[1];
        byte[] stored = emulator.counts(channel, prefix, messages, unknown);

        long succeeded = 0;
        long failed = 0;
        long notAccepted = 0;
        long hung = 0;
        long succeededAbsent = 0;
        long storedFailed = 0;
        long storedNotAccepted = 0;
        long duplicates = 0;
        long storedTotal = 0;
        long late = 0;
        long twice = 0;
        long slowest = 0;
        for (int i = 0; i < messages; i++) {
            if (producerDone[i] > 1) {
                twice++;
            }
            if (status[i] != PENDING && status[i] != NOT_ACCEPTED && outcomeAt[i] != 0) {
                long millis = TimeUnit.NANOSECONDS.toMillis(outcomeAt[i] - handedOverAt[i]);
                slowest = Math.max(slowest, millis);
                long bound = MAX_BLOCK_MILLIS + DELIVERY_TIMEOUT_MILLIS + (stopAfter >= 0 ? SHUTDOWN_TIMEOUT_MILLIS : 0)
                             + step.ownMillis(i) + SLACK_MILLIS;
                if (millis > bound) {
                    late++;
                }
            }
            int copies = stored[i];
            storedTotal += copies;
            if (copies > 1) {
                duplicates += copies - 1;
            }
            switch (status[i]) {
                case SUCCEEDED -> {
                    succeeded++;
                    if (copies == 0) {
                        succeededAbsent++;
                    }
                }
                case FAILED -> {
                    failed++;
                    if (copies > 0) {
                        storedFailed++;
                    }
                }
                case NOT_ACCEPTED -> {
                    notAccepted++;
                    if (copies > 0) {
                        storedNotAccepted++;
                    }
                }
                default -> hung++;
            }
        }
        long accepted = messages - notAccepted;
        System.out.printf("run %d: %.1f s, %,.0f msg/s; context stop took %d ms%n", run, seconds, messages / seconds,
                stopMillis);
        System.out.printf("  emulator: %,d BatchPutMessage calls, %,d answered 200 and %,d refused or dropped by injected"
                          + " faults; %,d messages stored, %,d entries failed by injected faults%n",
                stats[0], stats[3], stats[0] - stats[3], stats[1], stats[2]);
        System.out.printf("  producer statistics (before the stop): %s%n", producerStats);
        System.out.printf("  exchanges:                        %,d%n", messages);
        System.out.printf("  accepted by the producer:         %,d%n", accepted);
        System.out.printf("  not accepted (context stopped):   %,d %s%n", notAccepted, counts(notAcceptedByReason));
        System.out.printf("  succeeded:                        %,d%n", succeeded);
        System.out.printf("  failed:                           %,d %s%n", failed, counts(failuresByCode));
        System.out.printf("  hung (no outcome after the wait): %,d%s%n", hung, allDone ? "" : "  <-- the wait ran out");
        System.out.printf("  completed twice by the producer:  %,d%n", twice);
        System.out.printf("  later than their bound + slack:   %,d (slowest outcome %,d ms after its hand-over)%n", late,
                slowest);
        System.out.printf("  succeeded but absent from store:  %,d%n", succeededAbsent);
        System.out.printf("  stored but reported failed:       %,d%n", storedFailed);
        System.out.printf("  stored but not accepted:          %,d%n", storedNotAccepted);
        System.out.printf("  duplicates in the store:          %,d%n", duplicates);
        System.out.printf("  stored in all: %,d (+ %,d with other ids)%n", storedTotal, unknown[0]);
        System.out.printf("  peak heap: %.0f MB (sum of pool peaks); heap after GC, largest in each fifth of the run:"
                          + " %s MB; after a full GC: %.0f MB before the run, %.0f MB after it%n",
                peakHeap / 1048576.0, fifths(live), heapBefore / 1048576.0, heapAfter / 1048576.0);
        System.out.printf("  component threads left after stop: %d %s; other new threads: %s%n", componentThreads.size(),
                componentThreads, otherNewThreads);
        boolean ok = hung == 0 && twice == 0 && late == 0 && succeededAbsent == 0 && componentThreads.isEmpty() && unknown[0] == 0
                     && storedNotAccepted == 0 && (stopAfter >= 0 || accepted == messages && failed == 0);
        System.out.println("  run " + run + (ok ? ": OK" : ": FAILED"));
        return ok;
    }

    private static boolean componentThreadsAlive(Set<Thread> threadsBefore) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && !threadsBefore.contains(t) && t.getName().contains("IoTAnalytics"));
    }

    /** The outcome of each exchange, as the producer (or, before it, Camel) gave it. */
    private record Outcomes(byte[] status, long[] outcomeAt, Map<String, LongAdder> failuresByCode,
            Map<String, LongAdder> notAcceptedByReason, AtomicIntegerArray counted, AtomicLong completed, int messages,
            CountDownLatch allCompleted) {

        void record(int index, Throwable failure) {
            outcomeAt[index] = System.nanoTime();
            if (failure == null) {
                status[index] = SUCCEEDED;
            } else if (failure instanceof MessageNotDeliveredException notDelivered && !arrivedAfterStop(notDelivered)) {
                status[index] = FAILED;
                count(failuresByCode, notDelivered.getErrorCode());
            } else if (failure instanceof MessageNotDeliveredException notDelivered) {
                status[index] = NOT_ACCEPTED;
                count(notAcceptedByReason, notDelivered.getErrorCode() + " (on arrival)");
            } else {
                status[index] = NOT_ACCEPTED;
                count(notAcceptedByReason, failure.getClass().getSimpleName() + ": " + failure.getMessage());
            }
        }

        /** Counts an exchange as completed once, whoever sees it first. */
        void countOnce(int index) {
            if (counted.compareAndSet(index, 0, 1) && completed.incrementAndGet() == messages) {
                allCompleted.countDown();
            }
        }
    }

    /** What the soak prints of the endpoint's statistics snapshot. */
    private static Map<String, Object> statistics(Endpoint endpoint) {
        IoTAnalyticsStatistics stats = ((IoTAnalyticsEndpoint) endpoint).getStatistics();
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("messagesSent", stats.messagesSent());
        values.put("messagesFailed", stats.messagesFailed());
        values.put("messagesRetried", stats.messagesRetried());
        values.put("resentAfterUnknownOutcome", stats.messagesResentAfterUnknownOutcome());
        values.put("batchesSent", stats.batchesSent());
        values.put("meanBatchSize", String.format(Locale.ROOT, "%.1f", stats.meanBatchSize()));
        values.put("errorsByCode", stats.errorsByCode());
        return values;
    }

    /** A message the producer refused because it had stopped already, rather than one it had taken and then failed. */
    private static boolean arrivedAfterStop(MessageNotDeliveredException e) {
        return DeliveryFailure.PRODUCER_STOPPED.equals(e.getErrorCode()) && e.getErrorMessage() != null
               && e.getErrorMessage().startsWith("The producer is stopping");
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(String.valueOf(key), k -> new LongAdder()).increment();
    }

    private static String counts(Map<String, LongAdder> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue().sum()).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String fifths(double[] fifths) {
        StringBuilder text = new StringBuilder();
        for (double mb : fifths) {
            text.append(text.length() == 0 ? "" : " / ").append(mb < 0 ? "-" : String.format(Locale.ROOT, "%.0f", mb));
        }
        return text.toString();
    }
}
