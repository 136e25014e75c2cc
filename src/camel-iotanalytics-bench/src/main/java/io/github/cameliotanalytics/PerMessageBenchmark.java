package io.github.cameliotanalytics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.cameliotanalytics.bench.Payloads;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
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
 * The producer's per-message path, without the network (docs/performance.md):
 * <ul>
 * <li>{@code checks}: body conversion ({@link PayloadConverter}) and validation ({@link MessageRules}) of one ~200-byte
 * JSON text body;</li>
 * <li>{@code payloadCheck}: the payload check alone ({@link MessageRules#checkPayload}) of the same payloads, as
 * bytes;</li>
 * <li>{@code producer}: one exchange through the real {@link IoTAnalyticsProducer} (headers, conversion, validation,
 * messageId, the pending message, the accumulator, batch assembly on the sender thread, the request, the outcome and
 * the callback on a call thread) against a client that answers at once; at most {@value #WINDOW} exchanges are
 * outstanding, so the time per operation is the pipeline's time per message;</li>
 * <li>{@code exchangeOnly}: what the {@code producer} benchmark spends outside the component: a new exchange with its
 * body.</li>
 * </ul>
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} counts the allocations of every thread, the sender and call
 * threads included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
public class PerMessageBenchmark {

    static final int WINDOW = 4096;

    private CamelContext context;
    private AsyncProducer producer;
    private Endpoint endpoint;
    private Payloads payloads;
    private Exchange reusedExchange;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long sent;
    private int next;
    private final AsyncCallback callback = doneSync -> completed.incrementAndGet();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        payloads = new Payloads(1024, 42);
        context = new DefaultCamelContext();
        IoTAnalyticsComponent component = context.getComponent("iotanalytics", IoTAnalyticsComponent.class);
        component.getConfiguration().setIotAnalyticsClient(new AnsweringClient());
        component.getConfiguration().setRegion("us-east-1");
        context.start();
        endpoint = context.getEndpoint("iotanalytics:bench_channel?batchSize=100");
        producer = endpoint.createAsyncProducer();
        producer.start();
        reusedExchange = new DefaultExchange(context);
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
        context.stop();
    }

    @Benchmark
    public String checks() throws Exception {
        String body = payloads.text(next++);
        byte[] payload = PayloadConverter.toPayload(reusedExchange, body);
        String violation = MessageRules.checkMessageId("ID-bench-1234567890-0-42");
        return violation != null ? violation : MessageRules.checkPayload(payload);
    }

    @Benchmark
    public String payloadCheck() {
        return MessageRules.checkPayload(payloads.bytes(next++));
    }

    @Benchmark
    public void producer() {
        if (sent - completed.get() >= WINDOW) {
            awaitCompleted(sent - WINDOW / 2);
        }
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(payloads.text(next++));
        sent++;
        if (producer.process(exchange, callback)) {
            // completed synchronously: only an exchange the producer could not take does
            failed.incrementAndGet();
        }
    }

    @Benchmark
    public void exchangeOnly(Blackhole blackhole) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(payloads.text(next++));
        blackhole.consume(exchange);
    }

    private void awaitCompleted(long target) {
        while (completed.get() < target) {
            LockSupport.parkNanos(20_000);
        }
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
