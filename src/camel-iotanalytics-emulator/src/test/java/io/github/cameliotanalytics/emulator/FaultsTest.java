package io.github.cameliotanalytics.emulator;

import static io.github.cameliotanalytics.emulator.SdkConformanceTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.InternalFailureException;
import software.amazon.awssdk.services.iotanalytics.model.Message;
import software.amazon.awssdk.services.iotanalytics.model.ServiceUnavailableException;
import software.amazon.awssdk.services.iotanalytics.model.ThrottlingException;

/** Injected faults, as an SDK client sees them. */
class FaultsTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.builder().seed(42L).build();

    private static final String CHANNEL = "faults";

    private static IoTAnalyticsEmulator emulator() {
        return EMULATOR.emulator();
    }

    @BeforeEach
    void createChannel() {
        emulator().createChannel(CHANNEL);
    }

    @Test
    void throttleRateOneThrottlesEveryCall() {
        emulator().faults().throttleRate(1.0);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> put(emulator().client(), "1")).isInstanceOf(ThrottlingException.class);
        }
        assertThat(emulator().messages(CHANNEL)).isEmpty();
        assertThat(emulator().stats().batchCalls()).isEqualTo(3);
        assertThat(emulator().stats().batchSizes()).isEmpty();
    }

    @Test
    void serviceUnavailableAndInternalFailureRates() {
        emulator().faults().serviceUnavailableRate(1.0);
        assertThatThrownBy(() -> put(emulator().client(), "1")).isInstanceOf(ServiceUnavailableException.class);

        emulator().faults().serviceUnavailableRate(0).internalFailureRate(1.0);
        assertThatThrownBy(() -> put(emulator().client(), "2")).isInstanceOf(InternalFailureException.class);

        emulator().faults().internalFailureRate(0);
        put(emulator().client(), "3");
        assertThat(emulator().messages(CHANNEL)).extracting(StoredMessage::messageId).containsExactly("3");
    }

    @Test
    void aScriptPlaysExactlyThenTheRatesApplyAgain() {
        emulator().faults().script(Fault.THROTTLE, Fault.UNAVAILABLE, Fault.OK, Fault.INTERNAL_FAILURE);

        List<String> outcomes = IntStream.range(0, 6).mapToObj(i -> outcome(() -> put(emulator().client(), "m" + i)))
                .toList();

        assertThat(outcomes).containsExactly("ThrottlingException", "ServiceUnavailableException", "OK",
                "InternalFailureException", "OK", "OK");
        assertThat(emulator().messages(CHANNEL)).extracting(StoredMessage::messageId).containsExactly("m2", "m4", "m5");
        assertThat(emulator().stats().batchCalls()).isEqualTo(6);
        assertThat(emulator().stats().batchSizes()).containsExactly(1, 1, 1);
    }

    @Test
    void faultsOnlyTouchBatchPutMessage() {
        emulator().faults().throttleRate(1.0).latency(Duration.ofSeconds(30));

        assertThat(emulator().client().listChannels(r -> { }).channelSummaries()).hasSize(1);
        emulator().client().describeChannel(r -> r.channelName(CHANNEL));
    }

    @Test
    void failedEntriesAreListedAndNotStored() {
        emulator().faults().entryFailureRate(1.0);

        BatchPutMessageResponse response = putMany(emulator().client(), "a", "b", "c");

        assertThat(response.batchPutMessageErrorEntries()).extracting(BatchPutMessageErrorEntry::messageId)
                .containsExactly("a", "b", "c");
        assertThat(response.batchPutMessageErrorEntries()).extracting(BatchPutMessageErrorEntry::errorCode)
                .containsOnly("InternalFailureException");
        assertThat(emulator().messages(CHANNEL)).isEmpty();
        assertThat(emulator().stats().messagesRejected()).isEqualTo(3);
        assertThat(emulator().stats().batchSizes()).containsExactly(3);
    }

    @Test
    void theEntryErrorCodeIsConfigurable() {
        emulator().faults().entryFailureRate(1.0).entryErrorCode("ThrottlingException");

        BatchPutMessageResponse response = putMany(emulator().client(), "a");

        assertThat(response.batchPutMessageErrorEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.errorCode()).isEqualTo("ThrottlingException");
            assertThat(entry.errorMessage()).contains("injected");
        });
    }

    @Test
    void aPartialEntryFailureRateStoresExactlyTheMessagesNotListed() {
        emulator().faults().entryFailureRate(0.5);
        String[] ids = IntStream.range(0, 100).mapToObj(i -> "id" + i).toArray(String[]::new);

        BatchPutMessageResponse response = putMany(emulator().client(), ids);

        List<String> failed = response.batchPutMessageErrorEntries().stream()
                .map(BatchPutMessageErrorEntry::messageId).toList();
        List<String> stored = emulator().messages(CHANNEL).stream().map(StoredMessage::messageId).toList();
        assertThat(failed).isNotEmpty().doesNotContainAnyElementsOf(stored);
        assertThat(failed.size() + stored.size()).isEqualTo(100);
    }

    @Test
    void latencyDelaysTheAnswer() {
        emulator().faults().latency(Duration.ofMillis(300));

        long start = System.nanoTime();
        put(emulator().client(), "slow");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(emulator().messages(CHANNEL)).hasSize(1);
    }

    @Test
    void latencyBeyondTheClientTimeoutTimesOutTheCallButTheMessageIsStillStored() {
        emulator().faults().latency(Duration.ofMillis(1500));

        try (IoTAnalyticsClient impatient = clientWithTimeout(Duration.ofMillis(200))) {
            assertThatThrownBy(() -> put(impatient, "late")).isInstanceOf(SdkClientException.class);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> emulator().messages(CHANNEL).size() == 1);
    }

    @Test
    void aHangGoesPastTheClientTimeoutAndStoresNothing() {
        emulator().faults().script(Fault.HANG);

        try (IoTAnalyticsClient impatient = clientWithTimeout(Duration.ofMillis(300))) {
            assertThatThrownBy(() -> put(impatient, "hung")).isInstanceOf(SdkClientException.class);
        }

        assertThat(emulator().messages(CHANNEL)).isEmpty();
        assertThat(emulator().stats().batchCalls()).isEqualTo(1);
    }

    @Test
    void aHangEndsWithAClosedConnection() {
        emulator().faults().hangDuration(Duration.ofMillis(200)).script(Fault.HANG);

        assertThatThrownBy(() -> put(emulator().client(), "hung"))
                .isInstanceOf(SdkClientException.class)
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void aDroppedConnectionIsAnIoErrorForTheSdk() {
        emulator().faults().script(Fault.DROP_CONNECTION);

        assertThatThrownBy(() -> put(emulator().client(), "dropped"))
                .isInstanceOf(SdkClientException.class)
                .hasRootCauseInstanceOf(IOException.class);

        assertThat(emulator().messages(CHANNEL)).isEmpty();
        assertThat(emulator().stats().batchCalls()).isEqualTo(1);
        put(emulator().client(), "after");
        assertThat(emulator().messages(CHANNEL)).hasSize(1);
    }

    @Test
    void dropConnectionRateOneDropsEveryCall() {
        emulator().faults().dropConnectionRate(1.0);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> put(emulator().client(), "x")).isInstanceOf(SdkClientException.class);
        }
        assertThat(emulator().stats().batchCalls()).isEqualTo(3);
    }

    @Test
    void theSameSeedGivesTheSameFaults() {
        List<String> first = outcomesWithSeed(7L);
        List<String> second = outcomesWithSeed(7L);
        List<String> otherSeed = outcomesWithSeed(8L);

        assertThat(first).isEqualTo(second).contains("OK", "ThrottlingException", "ServiceUnavailableException");
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void resetRestartsTheSequenceOfTheSeed() {
        List<String> first = outcomes(emulator(), 30);
        emulator().reset();
        emulator().createChannel(CHANNEL);
        List<String> again = outcomes(emulator(), 30);

        assertThat(again).isEqualTo(first);
    }

    @Test
    void resetRemovesEveryFault() {
        emulator().faults().throttleRate(1.0).entryFailureRate(1.0).script(Fault.DROP_CONNECTION);

        emulator().faults().reset();

        assertThat(putMany(emulator().client(), "1").batchPutMessageErrorEntries()).isEmpty();
    }

    @Test
    void ratesAreChecked() {
        Faults faults = emulator().faults();

        assertThatThrownBy(() -> faults.throttleRate(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.entryFailureRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
        faults.throttleRate(0.6);
        assertThatThrownBy(() -> faults.serviceUnavailableRate(0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.latency(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> outcomesWithSeed(long seed) {
        try (IoTAnalyticsEmulator seeded = IoTAnalyticsEmulator.builder().seed(seed).build().start()) {
            seeded.createChannel(CHANNEL);
            return outcomes(seeded, 40);
        }
    }

    private static List<String> outcomes(IoTAnalyticsEmulator target, int calls) {
        target.faults().throttleRate(0.3).serviceUnavailableRate(0.2).internalFailureRate(0.1).entryFailureRate(0.2);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String id = "m" + i;
            outcomes.add(outcome(() -> {
                BatchPutMessageResponse response = putMany(target.client(), id, id + "b");
                if (response.hasBatchPutMessageErrorEntries() && !response.batchPutMessageErrorEntries().isEmpty()) {
                    throw new IllegalStateException(response.batchPutMessageErrorEntries().size() + " entries failed");
                }
            }));
        }
        return outcomes;
    }

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "OK";
        } catch (SdkException | IllegalStateException e) {
            return e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName();
        }
    }

    private static void put(IoTAnalyticsClient client, String id) {
        putMany(client, id);
    }

    private static BatchPutMessageResponse putMany(IoTAnalyticsClient client, String... ids) {
        List<Message> messages = new ArrayList<>();
        for (String id : ids) {
            messages.add(message(id, "{\"id\":\"" + id + "\"}"));
        }
        return client.batchPutMessage(r -> r.channelName(CHANNEL).messages(messages));
    }

    private static IoTAnalyticsClient clientWithTimeout(Duration timeout) {
        return IoTAnalyticsClient.builder()
                .endpointOverride(emulator().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(timeout)
                        .retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
