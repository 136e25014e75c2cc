package io.github.cameliotanalytics.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;

/**
 * The producer's per-message path without the network (docs/performance.md), through the component's public API only:
 * a Camel context, the {@code iotanalytics:} endpoint and its asynchronous producer, with a client (the
 * {@code iotAnalyticsClient} option) that answers every call at once.
 * <ul>
 * <li>{@code producer}: one exchange through the producer (headers, conversion, validation, messageId, buffering, batch
 * assembly on the sender thread, the request and the outcome on a call thread, the callback on one of the endpoint's
 * workers); at most {@value #WINDOW}
 * exchanges are outstanding, so the time per operation is the pipeline's time per message. Run with the payload check
 * on and off ({@code validatePayload}): the difference is what the check costs;</li>
 * <li>{@code camelFloor}: the same exchange through a producer that completes it at once: Camel's own cost;</li>
 * <li>{@code exchangeOnly}: a new exchange with its body, which both of the above make.</li>
 * </ul>
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} counts the allocations of every thread, the sender, call and
 * worker threads included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
public class PerMessageBenchmark {

    static final int WINDOW = 4096;

    /** The payloads and a Camel context with no component configured. */
    @State(Scope.Benchmark)
    public static class Camel {
        final Payloads payloads = new Payloads(1024, 42);
        CamelContext context;
        AsyncProducer floor;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            context = new DefaultCamelContext();
            context.start();
            floor = new CamelFloorEndpoint(context, false).createAsyncProducer();
            floor.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            floor.stop();
            context.stop();
        }

        Exchange exchange() {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(payloads.text(next++));
            return exchange;
        }
    }

    /** An {@code iotanalytics:} producer over a client that answers at once, and its outstanding exchanges. */
    @State(Scope.Benchmark)
    public static class Pipeline {
        @Param({ "true", "false" })
        public boolean validatePayload;

        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AsyncCallback callback = doneSync -> completed.incrementAndGet();
        AsyncProducer producer;
        long sent;

        @Setup(Level.Trial)
        public void setUp(Camel camel) throws Exception {
            IoTAnalyticsComponent component = camel.context.getComponent("iotanalytics", IoTAnalyticsComponent.class);
            component.getConfiguration().setIotAnalyticsClient(new AnsweringClient());
            component.getConfiguration().setRegion(Rig.REGION);
            producer = camel.context.getEndpoint("iotanalytics:" + Rig.CHANNEL + "?batchSize=100&validatePayload="
                                                 + validatePayload).createAsyncProducer();
            producer.start();
        }

        @TearDown(Level.Iteration)
        public void drain() {
            awaitCompleted(sent);
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " exchanges failed");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            producer.stop();
        }

        void awaitCompleted(long target) {
            while (completed.get() < target) {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    @Benchmark
    public void producer(Camel camel, Pipeline pipeline) {
        if (pipeline.sent - pipeline.completed.get() >= WINDOW) {
            pipeline.awaitCompleted(pipeline.sent - WINDOW / 2);
        }
        Exchange exchange = camel.exchange();
        pipeline.sent++;
        if (pipeline.producer.process(exchange, pipeline.callback)) {
            // completed synchronously: only an exchange the producer could not take does
            pipeline.failed.incrementAndGet();
        }
    }

    @Benchmark
    public void camelFloor(Camel camel, Blackhole blackhole) {
        Exchange exchange = camel.exchange();
        blackhole.consume(camel.floor.process(exchange, doneSync -> { }));
    }

    @Benchmark
    public void exchangeOnly(Camel camel, Blackhole blackhole) {
        blackhole.consume(camel.exchange());
    }

    /** Answers every BatchPutMessage call at once, with no error entry. */
    static final class AnsweringClient implements IoTAnalyticsClient {

        private static final BatchPutMessageResponse OK = BatchPutMessageResponse.builder().build();

        @Override
        public BatchPutMessageResponse batchPutMessage(BatchPutMessageRequest request) {
            return OK;
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
