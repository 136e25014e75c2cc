package io.github.cameliotanalytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.emulator.Fault;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;
import software.amazon.awssdk.services.iotanalytics.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every exchange the producer accepts completes exactly once, on time, whatever the route after it, the client or the
 * input does (issue 11: one test per case found).
 */
class OutcomeGuaranteesTest extends EmulatorTestSupport {

    /** Generous: a failure to complete shows as a timeout of these waits, not as a timing assertion. */
    private static final long WAIT_SECONDS = 30;

    @Override
    void configure(CamelContext context) throws Exception {
        // an exchange whose route step throws an Error stays in flight for Camel: do not wait for it at stop
        context.getShutdownStrategy().setTimeout(2);
    }

    private static Exchange await(CompletableFuture<Exchange> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static Map<String, Long> storedCopies() {
        return emulator().messages(CHANNEL).stream()
                .collect(Collectors.groupingBy(StoredMessage::messageId, Collectors.counting()));
    }

    private static String errorCode(Exchange exchange) {
        return exchange.getException(MessageNotDeliveredException.class).getErrorCode();
    }

    // row 1
    @Test
    void anErrorInARouteStepAfterTheProducerLeavesTheRestOfItsBatchComplete() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:error").to("iotanalytics:" + CHANNEL + "?batchSize=5&batchTimeout=5000")
                        .process(e -> {
                            if ("{\"n\":0}".equals(e.getMessage().getBody(String.class))) {
                                throw new AssertionError("a failing route step");
                            }
                        });
            }
        });
        List<CompletableFuture<Exchange>> sent = sendReadings("direct:error", 5);

        for (CompletableFuture<Exchange> future : sent.subList(1, 5)) {
            assertThat(await(future).getException()).isNull();
        }
        assertThat(storedCopies()).hasSize(5).allSatisfy((id, copies) -> assertThat(copies).isOne());
    }

    // row 2
    @Test
    void anAsyncCallbackThatThrowsLeavesTheRestOfItsBatchDelivered() throws Exception {
        Endpoint endpoint = context.getEndpoint("iotanalytics:" + CHANNEL + "?batchSize=5&batchTimeout=5000");
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        List<Exchange> completed = new CopyOnWriteArrayList<>();
        CountDownLatch others = new CountDownLatch(4);
        for (int i = 0; i < 5; i++) {
            Exchange exchange = endpoint.createExchange();
            exchange.getMessage().setBody("{\"n\":" + i + "}");
            boolean throwing = i == 0;
            producer.process(exchange, doneSync -> {
                if (throwing) {
                    throw new IllegalStateException("a failing callback");
                }
                completed.add(exchange);
                others.countDown();
            });
        }

        assertThat(others.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(completed).allSatisfy(e -> assertThat(e.getException()).isNull());
        assertThat(storedCopies()).hasSize(5);
        producer.stop();
    }

    // row 4
    @Test
    void aSlowRouteStepAfterTheProducerDelaysNoOtherExchange() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:slow")
                        .to("iotanalytics:" + CHANNEL + "?batchSize=1&batchTimeout=5&maxInFlightBatches=1&deliveryTimeout=1500")
                        .process(e -> {
                            if (e.getMessage().getHeader("slow") != null) {
                                Thread.sleep(5000);
                            }
                        });
            }
        });
        CompletableFuture<Exchange> slow = template.asyncSend("direct:slow", e -> {
            e.getMessage().setBody("{\"slow\":1}");
            e.getMessage().setHeader("slow", true);
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> emulator().messages(CHANNEL).size() == 1);

        List<CompletableFuture<Exchange>> others = sendReadings("direct:slow", 3);

        for (CompletableFuture<Exchange> future : others) {
            assertThat(await(future).getException()).isNull();
        }
        assertThat(await(slow).getException()).isNull();
        assertThat(storedCopies()).hasSize(4);
    }

    // row 4, with a stop while the slow step runs
    @Test
    void aStopWhileARouteStepIsSlowStillGivesEveryExchangeItsOutcome() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:slowStop")
                        .to("iotanalytics:" + CHANNEL + "?batchSize=1&batchTimeout=5&maxInFlightBatches=1"
                            + "&workerPoolCoreSize=1&workerPoolMaxSize=1")
                        .process(e -> {
                            if (e.getMessage().getHeader("slow") != null) {
                                Thread.sleep(3000);
                            }
                        });
            }
        });
        CompletableFuture<Exchange> slow = template.asyncSend("direct:slowStop", e -> {
            e.getMessage().setBody("{\"slow\":1}");
            e.getMessage().setHeader("slow", true);
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> emulator().messages(CHANNEL).size() == 1);
        List<CompletableFuture<Exchange>> others = sendReadings("direct:slowStop", 3);

        context.stop();

        // each was delivered, its outcome set on the exchange, and its completion ran before the stop returned (Camel
        // may then refuse to go on with a route that stopped under it: that is Camel's exception, not the producer's)
        for (CompletableFuture<Exchange> future : others) {
            assertThat(future).isDone();
            Exchange exchange = await(future);
            assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID)).isNotNull();
            assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isNull();
            assertThat(exchange.getException(MessageNotDeliveredException.class)).isNull();
        }
        assertThat(await(slow)).isNotNull();
        assertThat(storedCopies()).hasSize(4);
    }

    // row 5
    @Test
    void aListElementThatCannotBeConvertedFailsAloneWithItsOwnErrorEntry() throws Exception {
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new UncheckedIOException(new IOException("the disk went away"));
            }
        };
        List<Object> body = Arrays.asList("{\"a\":1}", Message.builder().messageId("no-payload").build(), broken,
                Message.builder().messageId("fine").payload(SdkBytes.fromUtf8String("{\"a\":3}")).build());

        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", body);

        @SuppressWarnings("unchecked")
        List<BatchPutMessageErrorEntry> entries
                = exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES, List.class);
        assertThat(entries).extracting(BatchPutMessageErrorEntry::messageId)
                .containsExactlyInAnyOrder("no-payload", exchange.getExchangeId() + "-2");
        assertThat(entries).extracting(BatchPutMessageErrorEntry::errorCode)
                .containsOnly(DeliveryFailure.INVALID_MESSAGE);
        assertThat(storedCopies()).containsOnlyKeys(exchange.getExchangeId() + "-0", "fine")
                .allSatisfy((id, copies) -> assertThat(copies).isOne());
    }

    // row 6
    @Test
    void aListWaitsForRoomAtMostMaxBlockTimeInAll() throws Exception {
        emulator().faults().hangDuration(Duration.ofSeconds(60)).script(Fault.HANG);
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=1&batchTimeout=5&maxInFlightBatches=1&maxPendingMessages=1"
                     + "&maxBlockTime=1000&requestTimeout=60000&shutdownTimeout=500";
        CompletableFuture<Exchange> inFlight = template.asyncSendBody(uri, "{\"n\":0}").thenApply(x -> null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> emulator().stats().batchCalls() == 1);
        CompletableFuture<Exchange> fillsTheBuffer = template.asyncSend(uri, e -> e.getMessage().setBody("{\"n\":1}"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                .until(() -> context.getEndpoint(uri, IoTAnalyticsEndpoint.class).getStatistics().pendingMessages() == 1);
        List<String> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add("{\"n\":" + (i + 2) + "}");
        }

        // 20 elements, each waiting maxBlockTime, would take 20 s
        Exchange list = template.asyncSend(uri, e -> e.getMessage().setBody(twenty)).get(15, TimeUnit.SECONDS);

        @SuppressWarnings("unchecked")
        List<BatchPutMessageErrorEntry> entries = list.getMessage().getHeader(IoTAnalyticsConstants.ERROR_ENTRIES, List.class);
        assertThat(entries).hasSize(20).extracting(BatchPutMessageErrorEntry::errorCode)
                .containsOnly(DeliveryFailure.BUFFER_FULL);
        assertThat(fillsTheBuffer).isNotDone();
        assertThat(inFlight).isNotDone();
    }

    // row 7
    @Test
    void aCallIsNotCutShortByTheDeadlineOfOneOfItsMessages() throws Exception {
        emulator().faults().latency(Duration.ofMillis(3000));
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=51&batchTimeout=60000&deliveryTimeout=4000&requestTimeout=20000";
        CompletableFuture<Exchange> old = template.asyncSend(uri, e -> {
            e.getMessage().setBody("{\"old\":1}");
            e.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, "old");
        });
        Thread.sleep(3000);

        List<CompletableFuture<Exchange>> fresh = sendReadings(uri, 50);

        for (CompletableFuture<Exchange> future : fresh) {
            assertThat(await(future).getException()).isNull();
        }
        assertThat(errorCode(await(old))).isEqualTo(DeliveryFailure.DELIVERY_TIMEOUT);
        Map<String, Long> copies = storedCopies();
        copies.remove("old"); // it was in the call: the service stored it, after its deadline
        assertThat(copies).hasSize(50).allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat(emulator().stats().batchCalls()).isOne();
        assertThat(context.getEndpoint(uri, IoTAnalyticsEndpoint.class).getStatistics().messagesResentAfterUnknownOutcome())
                .isZero();
    }

    // row 8
    @Test
    void aBadMessageIdFailsAloneEvenWithoutPayloadValidation() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?validatePayload=false&batchSize=10&batchTimeout=5000";
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = i == 3 ? "x".repeat(200) : "id-" + i;
            sent.add(template.asyncSend(uri, e -> {
                e.getMessage().setBody("{\"a\":1}");
                e.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, id);
            }));
        }

        for (int i = 0; i < 10; i++) {
            Exchange exchange = await(sent.get(i));
            if (i == 3) {
                assertThat(errorCode(exchange)).isEqualTo(DeliveryFailure.INVALID_MESSAGE);
            } else {
                assertThat(exchange.getException()).isNull();
            }
        }
        assertThat(storedCopies()).hasSize(9);
    }

    // row 9
    @Test
    void aPayloadLargerThanTheBufferFailsAtOnce() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?validatePayload=false&maxPendingBytes=131072&maxBlockTime=60000";
        byte[] large = ("{\"a\":\"" + "x".repeat(140_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        Exchange exchange = await(template.asyncSend(uri, e -> e.getMessage().setBody(large)));

        assertThat(errorCode(exchange)).isEqualTo(DeliveryFailure.INVALID_MESSAGE);
        assertThat(exchange.getException(MessageNotDeliveredException.class).getErrorMessage())
                .contains("larger than maxPendingBytes");
    }

    // row 10
    @Test
    void aLongStreamIsReadNoFurtherThanTheLargestPayload() throws Exception {
        AtomicLong read = new AtomicLong();
        long length = 256L * 1024 * 1024;
        InputStream huge = new InputStream() {
            @Override
            public int read() {
                return read.getAndIncrement() < length ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long left = length - read.get();
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'x');
                read.addAndGet(n);
                return n;
            }
        };

        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", huge);

        assertThat(errorCode(exchange)).isEqualTo(DeliveryFailure.INVALID_MESSAGE);
        assertThat(read.get()).isLessThanOrEqualTo(MessageRules.MAX_PAYLOAD_BYTES + 1);
    }

    // row 11
    @Test
    void aDurationBeyondItsCapIsRefusedWhenTheEndpointIsCreated() {
        for (String option : List.of("deliveryTimeout", "batchTimeout", "requestTimeout", "maxBlockTime",
                "shutdownTimeout")) {
            assertThatThrownBy(() -> context.getEndpoint(
                    "iotanalytics:" + CHANNEL + "?" + option + "=" + Long.MAX_VALUE))
                    .isInstanceOf(ResolveEndpointFailedException.class)
                    .hasStackTraceContaining(option + " must be between");
        }
    }

    // row 11
    @Test
    void aMessageWithTheLongestDeliveryTimeoutIsSentAndDelivered() throws Exception {
        long cap = IoTAnalyticsConfiguration.MAX_DURATION_MILLIS;

        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10&deliveryTimeout=" + cap
                                 + "&maxBlockTime=" + cap + "&requestTimeout=" + cap, "{\"a\":1}");

        assertThat(exchange.getException()).isNull();
        assertThat(storedCopies()).hasSize(1);
    }

    // row 12
    @Test
    void credentialsThatCannotBeLoadedFailAtOnceWithoutRetries() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?batchTimeout=10&useProfileCredentialsProvider=true"
                     + "&profileCredentialsName=no_such_profile_in_any_file";

        Exchange exchange = await(template.asyncSend(uri, e -> e.getMessage().setBody("{\"a\":1}")));

        assertThat(errorCode(exchange)).isNotEqualTo(DeliveryFailure.DELIVERY_TIMEOUT).isEqualTo("SdkClientException");
        assertThat(context.getEndpoint(uri, IoTAnalyticsEndpoint.class).getStatistics().messagesRetried()).isZero();
    }

    // row 13
    @Test
    void twoRoutesAndATemplateOnOneEndpointShareOneEngine() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=3&batchTimeout=20000";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").to(uri);
                from("direct:b").to(uri);
            }
        });

        List<CompletableFuture<Exchange>> sent = List.of(
                template.asyncSend("direct:a", e -> e.getMessage().setBody("{\"a\":1}")),
                template.asyncSend("direct:b", e -> e.getMessage().setBody("{\"b\":1}")),
                template.asyncSend(uri, e -> e.getMessage().setBody("{\"c\":1}")));

        for (CompletableFuture<Exchange> future : sent) {
            assertThat(await(future).getException()).isNull();
        }
        // one buffer: the three messages made one batch
        assertThat(emulator().stats().batchSizes()).containsExactly(3);
        long senders = Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName).filter(n -> n.contains("IoTAnalytics[" + CHANNEL + "]Sender")).count();
        assertThat(senders).isOne();
    }
}
