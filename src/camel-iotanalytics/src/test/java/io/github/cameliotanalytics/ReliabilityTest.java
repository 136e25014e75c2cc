package io.github.cameliotanalytics;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.batch.DeliveryFailure;
import io.github.cameliotanalytics.emulator.Fault;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every accepted exchange completes exactly once, with success or a clear error, whatever the service does.
 */
class ReliabilityTest extends EmulatorTestSupport {

    private IoTAnalyticsProducer producerOf(String uri) {
        return context.getEndpoint(uri, IoTAnalyticsEndpoint.class).runningProducers().iterator().next();
    }

    private static void assertDeliveredOnce(List<Exchange> exchanges) {
        Set<String> ids = new HashSet<>();
        for (Exchange exchange : exchanges) {
            assertThat(exchange.getException()).isNull();
            ids.add(exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, String.class));
        }
        assertThat(emulator().messages(CHANNEL)).extracting(StoredMessage::messageId)
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void throttledUnavailableAndFailedCallsAreRetriedUntilDelivered() throws Exception {
        emulator().faults().script(Fault.THROTTLE, Fault.UNAVAILABLE, Fault.INTERNAL_FAILURE, Fault.OK);
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=10&batchTimeout=5000";

        List<Exchange> exchanges = completed(sendReadings(uri, 10));

        assertDeliveredOnce(exchanges);
        assertThat(emulator().stats().batchCalls()).isEqualTo(4);
        assertThat(producerOf(uri).getMessagesRetried()).isEqualTo(30);
    }

    @Test
    void droppedConnectionIsRetried() throws Exception {
        emulator().faults().script(Fault.DROP_CONNECTION, Fault.OK);

        assertDeliveredOnce(completed(sendReadings("iotanalytics:" + CHANNEL + "?batchSize=5&batchTimeout=5000", 5)));
        assertThat(emulator().stats().batchCalls()).isEqualTo(2);
    }

    @Test
    void callThatHangsPastRequestTimeoutIsRetried() throws Exception {
        emulator().faults().hangDuration(Duration.ofSeconds(20)).script(Fault.HANG, Fault.OK);

        assertDeliveredOnce(completed(sendReadings("iotanalytics:" + CHANNEL + "?batchSize=5&batchTimeout=5000&requestTimeout=300", 5)));
        assertThat(emulator().stats().batchCalls()).isEqualTo(2);
    }

    @Test
    void onlyTheFailedEntriesAreSentAgain() throws Exception {
        emulator().faults().entryFailureRate(0.3);
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=100&batchTimeout=5000";

        List<Exchange> exchanges = completed(sendReadings(uri, 100));

        assertDeliveredOnce(exchanges);
        long sentAgain = producerOf(uri).getMessagesRetried();
        assertThat(sentAgain).isPositive();
        // the first call carried all 100; each later one only what failed before
        List<Integer> sizes = emulator().stats().batchSizes();
        assertThat(sizes.get(0)).isEqualTo(100);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100 + sentAgain);
    }

    @Test
    void nonRetryableEntryErrorsFailAtOnce() throws Exception {
        emulator().faults().entryFailureRate(1.0).entryErrorCode("InvalidRequestException");

        List<Exchange> exchanges = completed(sendReadings("iotanalytics:" + CHANNEL + "?batchSize=3&batchTimeout=5000", 3));

        assertThat(exchanges).allSatisfy(e -> assertThat(e.getException(MessageNotDeliveredException.class)
                .getErrorCode()).isEqualTo("InvalidRequestException"));
        assertThat(emulator().stats().batchCalls()).isEqualTo(1);
    }

    @Test
    void persistentThrottlingFailsWithinDeliveryTimeoutAndNarrowsTheSendWindow() throws Exception {
        emulator().faults().throttleRate(1.0);
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=1&batchTimeout=5&deliveryTimeout=1500";

        List<Exchange> exchanges = completed(sendReadings(uri, 4));

        assertThat(exchanges).allSatisfy(e -> {
            MessageNotDeliveredException failure = e.getException(MessageNotDeliveredException.class);
            assertThat(failure.getErrorCode()).isEqualTo(DeliveryFailure.DELIVERY_TIMEOUT);
            assertThat(failure.getErrorMessage()).contains("last error:");
            assertThat(e.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isEqualTo(failure.getErrorCode());
        });
        IoTAnalyticsProducer producer = producerOf(uri);
        assertThat(producer.getSendWindow()).isEqualTo(1);
        assertThat(producer.getMessagesFailed()).isEqualTo(4);
        assertThat(emulator().messages(CHANNEL)).isEmpty();
    }

    @Test
    void fullBufferMakesTheSenderWaitThenFailsItsExchange() throws Exception {
        // one call in flight that hangs; then 2 messages fill the buffer; the next waits maxBlockTime and fails
        emulator().faults().hangDuration(Duration.ofSeconds(2)).script(Fault.HANG);
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=1&batchTimeout=5&maxInFlightBatches=1"
                     + "&maxPendingMessages=2&maxBlockTime=100&requestTimeout=10000";
        CompletableFuture<Exchange> inFlight = template.asyncSendBody(uri, "{\"n\":0}").thenApply(x -> null);
        await(() -> emulator().stats().batchCalls() == 1);
        List<CompletableFuture<Exchange>> queued = sendReadings(uri, 2);
        await(() -> producerOf(uri).getPendingMessages() == 2);
        Exchange rejected = template.send(uri, e -> e.getMessage().setBody("{\"n\":3}"));

        assertThat(rejected.getException(MessageNotDeliveredException.class).getErrorCode())
                .isEqualTo(DeliveryFailure.BUFFER_FULL);
        for (CompletableFuture<Exchange> future : queued) {
            assertThat(future.get(60, TimeUnit.SECONDS).getException()).isNull();
        }
        inFlight.get(60, TimeUnit.SECONDS);
        assertThat(emulator().messages(CHANNEL)).hasSize(3);
    }

    @Test
    void stopFlushesPendingMessages() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?batchTimeout=600000";
        List<CompletableFuture<Exchange>> sent = sendReadings(uri, 5);
        await(() -> producerOf(uri).getPendingMessages() == 5);

        context.stop();

        for (CompletableFuture<Exchange> future : sent) {
            assertThat(future.get(10, TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(emulator().messages(CHANNEL)).hasSize(5);
        assertThat(emulator().stats().batchSizes()).containsExactly(5);
    }

    @Test
    void stopFailsWhatIsStillInFlightAfterShutdownTimeoutAndLeavesNoThread() throws Exception {
        emulator().faults().hangDuration(Duration.ofSeconds(30)).script(Fault.HANG);
        String uri = "iotanalytics:" + CHANNEL + "?batchSize=2&batchTimeout=5&maxInFlightBatches=1"
                     + "&shutdownTimeout=300&requestTimeout=60000";
        List<CompletableFuture<Exchange>> sent = sendReadings(uri, 6);
        await(() -> emulator().stats().batchCalls() == 1);

        context.stop();

        for (CompletableFuture<Exchange> future : sent) {
            Exchange exchange = future.get(10, TimeUnit.SECONDS);
            assertThat(exchange.getException(MessageNotDeliveredException.class).getErrorCode())
                    .isEqualTo(DeliveryFailure.PRODUCER_STOPPED);
        }
        // a call thread blocked in a socket read ends when the endpoint closes the client's connections
        await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().contains("IoTAnalytics[")));
    }

    @Test
    void messagesSentAfterStopFailClearly() throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?batchTimeout=10";
        assertThat(send(uri, "{\"a\":1}").getException()).isNull();
        IoTAnalyticsProducer producer = producerOf(uri);
        producer.stop();

        Exchange exchange = context.getEndpoint(uri).createExchange();
        exchange.getMessage().setBody("{\"a\":2}");
        producer.process(exchange, done -> {
        });

        assertThat(exchange.getException(MessageNotDeliveredException.class).getErrorCode())
                .isEqualTo(DeliveryFailure.PRODUCER_STOPPED);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(condition);
    }
}
