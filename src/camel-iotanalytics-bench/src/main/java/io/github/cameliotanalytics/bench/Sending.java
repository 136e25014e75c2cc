package io.github.cameliotanalytics.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.ThreadPoolBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * A Camel context with one endpoint, and the senders that drive it: every case but the ceiling sends the same
 * exchanges (the same payloads) the same way, {@code ProducerTemplate.asyncSend} from {@code --senders} threads with
 * {@code threadedAsyncMode} off, so that the sender thread runs the producer itself.
 */
final class Sending implements AutoCloseable {

    /** Threads of the aggregator's parallel processing. */
    static final int AGGREGATOR_THREADS = 16;
    /** Groups that may wait for an aggregator thread; past that the completing thread sends the group itself. */
    static final int AGGREGATOR_QUEUE = 1000;
    /** The name of the aggregator's pool, which ends the names of its threads. */
    static final String AGGREGATOR_POOL = "aggregator";

    private final Rig rig;
    private final CamelContext context;
    private final Endpoint endpoint;
    private final ProducerTemplate template;
    /** The aggregator's group sender, which alone knows when the messages are delivered; null for the others. */
    private final GroupSender groups;
    private final TimedClient timedClient;
    /** The client this case built, closed with it; null for none. */
    private final SdkAutoCloseable ownClient;

    private Sending(Rig rig, CamelContext context, Function<CamelContext, Endpoint> endpoint, GroupSender groups,
                    TimedClient timedClient, SdkAutoCloseable ownClient) throws Exception {
        this.rig = rig;
        this.context = context;
        this.groups = groups;
        this.timedClient = timedClient;
        this.ownClient = ownClient;
        context.start();
        this.endpoint = endpoint.apply(context);
        this.template = context.createProducerTemplate();
        // the sender thread runs the producer itself: no hand-off to a template thread pool
        template.setThreadedAsyncMode(false);
    }

    /** The component: {@code iotanalytics:} at {@code uri}; with {@code timed}, its client times each call. */
    static Sending component(Rig rig, String contextName, String uri, boolean timed) throws Exception {
        CamelContext context = context(contextName);
        // the template's producer is in JMX only so: the benchmark reads its calls in flight there (CallCost)
        context.getManagementStrategy().getManagementAgent().setRegisterAlways(true);
        IoTAnalyticsComponent component = context.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        rig.toEmulator(component.getConfiguration());
        TimedClient timedClient = null;
        if (timed) {
            // the factory's client, wrapped to time each call (the low-load target is stated in call times)
            timedClient = new TimedClient(IoTAnalyticsClientFactory.createAsync(rig.configuration(16)));
            component.getConfiguration().setIotAnalyticsAsyncClient(timedClient);
        }
        return new Sending(rig, context, c -> c.getEndpoint(uri), null, timedClient, timedClient);
    }

    /**
     * The Camel way without the component: the Aggregate EIP groups the bodies by 100 (or after 50 ms), sends each group
     * on one of {@value #AGGREGATOR_THREADS} threads with one BatchPutMessage call of a client built by the component's
     * factory. Its pool queues up to {@value #AGGREGATOR_QUEUE} groups, then runs a group on the thread that completed
     * it (Camel's default rejection policy, CallerRuns), so memory stays bounded.
     */
    static Sending aggregator(Rig rig, String contextName) throws Exception {
        CamelContext context = context(contextName);
        // room for the pool's threads and for senders that run a group themselves when the queue is full
        IoTAnalyticsClient client = IoTAnalyticsClientFactory.create(
                rig.configuration(AGGREGATOR_THREADS + rig.options().senders));
        GroupSender groups = new GroupSender(client, context.getUuidGenerator());
        ExecutorService pool = new ThreadPoolBuilder(context).poolSize(AGGREGATOR_THREADS).maxPoolSize(AGGREGATOR_THREADS)
                .maxQueueSize(AGGREGATOR_QUEUE).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build(AGGREGATOR_POOL);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:aggregator").routeId("aggregator")
                        .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                        .completionSize(100).completionTimeout(50)
                        .parallelProcessing().executorService(pool)
                        .process(groups);
            }
        });
        return new Sending(rig, context, c -> c.getEndpoint("direct:aggregator"), groups, null, client);
    }

    /**
     * Camel's own cost: an asynchronous endpoint that completes every exchange at once ({@code async} false), or from
     * a thread of its own ({@code async} true).
     */
    static Sending camelFloor(Rig rig, String contextName, boolean async) throws Exception {
        return new Sending(rig, context(contextName), c -> new CamelFloorEndpoint(c, async), null, null, null);
    }

    private static CamelContext context(String name) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        return context;
    }

    /**
     * {@code messages} exchanges from {@code --senders} threads, as fast as the endpoint takes them; the run ends when
     * every message is delivered (for the aggregator: when its groups are sent, after the exchanges completed).
     */
    Result burst(String kind, long latencyMs, int concurrency, long messages, String name, int round,
                 Supplier<CallCost> callCost) throws Exception {
        rig.emulator().resetWithChannel(Rig.CHANNEL);
        if (groups != null) {
            groups.reset(messages);
        }
        Completions completions = new Completions(messages);
        Measure measure = new Measure(rig.emulator(), groups != null ? groups::delivered : completions.completed::get,
                messages);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        int senders = rig.options().senders;
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
        CallCost cost = callCost.get();
        measure.begin();
        start.countDown();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long hung = completions.await(deadline - System.nanoTime());
        if (groups != null) {
            hung = Math.max(hung, groups.await(Math.max(0, deadline - System.nanoTime())));
        }
        measure.end();
        CallCost.Peak peak = cost != null ? cost.stop() : null;
        measured.countDown();
        for (Thread sender : threads) {
            sender.join();
        }
        return finish(measure, kind, latencyMs, concurrency, name, round, messages, completions, hung, Double.NaN, peak);
    }

    /** {@code rate} exchanges a second from one thread for {@code seconds}. */
    Result paced(long latencyMs, int concurrency, int rate, int seconds, String name, int round) throws Exception {
        rig.emulator().resetWithChannel(Rig.CHANNEL);
        long messages = (long) rate * seconds;
        Completions completions = new Completions(messages);
        Measure measure = new Measure(rig.emulator(), completions.completed::get, messages);
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
        return finish(measure, "lowload", latencyMs, concurrency, name, round, messages, completions, hung, meanCallMs,
                null);
    }

    private void send(long index, Completions completions) {
        Exchange exchange = endpoint.createExchange();
        exchange.getMessage().setBody(rig.payloads().text(index));
        long begin = System.nanoTime();
        template.asyncSend(endpoint, exchange).whenComplete((done, error) -> completions.done(index, begin, done, error));
    }

    private Result finish(Measure measure, String kind, long latencyMs, int concurrency, String name, int round,
                          long messages, Completions completions, long hung, double meanCallMs, CallCost.Peak peak)
            throws IOException {
        long[] stored = rig.emulator().verify(Rig.CHANNEL);
        long failed = completions.failed.sum() + (groups != null ? groups.failed() : 0);
        String firstError = completions.firstError.get() != null ? completions.firstError.get()
                : groups != null ? groups.firstError() : null;
        boolean ok;
        String check;
        if (isFloor()) {
            ok = hung == 0 && failed == 0 && stored[0] == 0;
            check = String.format(Locale.ROOT, "%d completed, nothing stored", completions.completed.get());
        } else {
            long checksum = groups != null ? groups.checksum() : completions.checksum.get();
            long succeeded = messages - failed - hung;
            ok = hung == 0 && failed == 0 && stored[0] == messages && stored[1] == messages && stored[2] == checksum;
            check = String.format(Locale.ROOT, "stored %d (%d distinct) of %d succeeded, checksum %s", stored[0],
                    stored[1], succeeded, stored[2] == checksum ? "equal" : "DIFFERENT");
        }
        check += (hung > 0 ? ", HUNG " + hung : "") + (firstError != null ? ", first error: " + firstError : "");
        // the aggregator's exchanges complete before delivery: their latencies say nothing of the messages
        long[] latencies = groups != null ? null : completions.latencies;
        return measure.result(kind, latencyMs, concurrency, name, round, messages, failed + hung, latencies, check, ok,
                meanCallMs, peak);
    }

    String contextName() {
        return context.getName();
    }

    /** Whether this is a floor case (camel-floor, camel-async-floor): it stores nothing. */
    boolean isFloor() {
        return endpoint instanceof CamelFloorEndpoint;
    }

    @Override
    public void close() throws Exception {
        template.stop();
        context.stop();
        if (ownClient != null) {
            ownClient.close();
        }
    }
}
