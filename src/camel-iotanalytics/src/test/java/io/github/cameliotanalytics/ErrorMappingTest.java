package io.github.cameliotanalytics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iotanalytics.model.ResourceNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each exchange learns the fate of its own message, when the service rejects some messages of a batch, when the
 * producer's checks reject them before sending, and when the whole call fails.
 */
class ErrorMappingTest extends EmulatorTestSupport {

    private static final Map<String, String> BODIES = new LinkedHashMap<>();

    static {
        BODIES.put("good-1", "{\"temp_01\":21}");
        BODIES.put("bad-hyphen", "{\"temp-01\":22}");
        BODIES.put("good-2", "{\"_temp_01\":23}");
        BODIES.put("bad-digit", "{\"01_temp\":24}");
        BODIES.put("bad-duplicate", "{\"foo\":1,\"FOO\":2}");
        BODIES.put("good-3", "not json at all");
    }

    /** Sends every body of BODIES at once; batchTimeout is long, so batches leave only when batchSize is reached. */
    private Map<String, Exchange> sendAllInOneBatch(int batchSize, String options) throws Exception {
        String uri = "iotanalytics:" + CHANNEL + "?batchTimeout=10000&batchSize=" + batchSize + options;
        Map<String, CompletableFuture<Exchange>> sent = new LinkedHashMap<>();
        BODIES.forEach((id, body) -> sent.put(id, template.asyncSend(uri, e -> {
            e.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, id);
            e.getMessage().setBody(body);
        })));
        Map<String, Exchange> done = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Exchange>> e : sent.entrySet()) {
            done.put(e.getKey(), e.getValue().get(30, TimeUnit.SECONDS));
        }
        return done;
    }

    @Test
    void serviceErrorEntriesReachTheExchangesThatSentThem() throws Exception {
        Map<String, Exchange> exchanges = sendAllInOneBatch(BODIES.size(), "&validatePayload=false");

        assertThat(emulator().stats().batchSizes()).containsExactly(BODIES.size());
        exchanges.forEach((id, exchange) -> {
            assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID)).isEqualTo(id);
            if (id.startsWith("good")) {
                assertThat(exchange.getException()).as(id).isNull();
                assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isNull();
            } else {
                MessageNotDeliveredException e = exchange.getException(MessageNotDeliveredException.class);
                assertThat(e).as(id).isNotNull();
                assertThat(e.getMessageId()).isEqualTo(id);
                assertThat(e.getErrorCode()).isEqualTo("InvalidRequestException");
                assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE))
                        .isEqualTo("InvalidRequestException");
                assertThat(exchange.getMessage().getHeader(IoTAnalyticsConstants.ERROR_MESSAGE, String.class))
                        .isEqualTo(e.getErrorMessage()).isNotBlank();
            }
        });
        assertThat(emulator().messages(CHANNEL)).extracting(StoredMessage::messageId)
                .containsExactlyInAnyOrder("good-1", "good-2", "good-3");
    }

    @Test
    void validationRejectsBadMessagesBeforeSendingAndTheRestGoesThrough() throws Exception {
        Map<String, Exchange> exchanges = sendAllInOneBatch(3, "");

        assertThat(exchanges.get("bad-hyphen").getException(MessageNotDeliveredException.class).getErrorMessage())
                .contains("temp-01").contains("'-'");
        assertThat(exchanges.get("bad-digit").getException(MessageNotDeliveredException.class).getErrorMessage())
                .contains("01_temp").contains("must begin with a letter");
        assertThat(exchanges.get("bad-duplicate").getException(MessageNotDeliveredException.class).getErrorMessage())
                .contains("FOO").contains("case-insensitive");
        assertThat(exchanges.get("good-1").getException()).isNull();
        // only the three good messages were sent: they filled a batch of three
        assertThat(emulator().stats().batchSizes()).containsExactly(3);
        assertThat(emulator().messages(CHANNEL)).extracting(StoredMessage::messageId)
                .containsExactlyInAnyOrder("good-1", "good-2", "good-3");
    }

    @Test
    void failOnErrorEntryFalseSetsOnlyHeaders() throws Exception {
        Map<String, Exchange> exchanges = sendAllInOneBatch(BODIES.size(), "&validatePayload=false&failOnErrorEntry=false");

        Exchange bad = exchanges.get("bad-hyphen");
        assertThat(bad.getException()).isNull();
        assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isEqualTo("InvalidRequestException");
        assertThat(bad.getMessage().getHeader(IoTAnalyticsConstants.ERROR_MESSAGE, String.class)).contains("temp-01");
        assertThat(exchanges.get("good-1").getMessage().getHeader(IoTAnalyticsConstants.ERROR_CODE)).isNull();
    }

    @Test
    void oversizedPayloadAndBadMessageIdFailAlone() {
        Exchange big = send("iotanalytics:" + CHANNEL, new byte[MessageRules.MAX_PAYLOAD_BYTES + 1]);
        Exchange badId = template.send("iotanalytics:" + CHANNEL, e -> {
            e.getMessage().setHeader(IoTAnalyticsConstants.MESSAGE_ID, "caf\u00e9");
            e.getMessage().setBody("{\"a\":1}");
        });
        Exchange good = send("iotanalytics:" + CHANNEL, "{\"a\":1}");

        assertThat(big.getException(MessageNotDeliveredException.class).getErrorMessage()).contains("131073 bytes");
        assertThat(badId.getException(MessageNotDeliveredException.class).getErrorMessage()).contains("ASCII");
        assertThat(good.getException()).isNull();
        assertThat(emulator().messages(CHANNEL)).hasSize(1);
    }

    @Test
    void missingChannelFailsEveryExchangeOfTheCallWithTheServiceMessage() throws Exception {
        String uri = "iotanalytics:no_such_channel?batchTimeout=100";
        for (Exchange exchange : completed(sendReadings(uri, 5))) {
            MessageNotDeliveredException e = exchange.getException(MessageNotDeliveredException.class);
            assertThat(e.getErrorCode()).isEqualTo("ResourceNotFoundException");
            assertThat(e.getCause()).isInstanceOf(ResourceNotFoundException.class);
            assertThat(e.getErrorMessage()).contains("no_such_channel");
        }
        // not retried
        assertThat(emulator().stats().batchCalls()).isEqualTo(1);
    }

    @Test
    void channelHeaderOverridesThePath() {
        emulator().createChannel("other_channel");
        Exchange exchange = template.send("iotanalytics:" + CHANNEL, e -> {
            e.getMessage().setHeader(IoTAnalyticsConstants.CHANNEL_NAME, "other_channel");
            e.getMessage().setBody("{\"a\":1}");
        });

        assertThat(exchange.getException()).isNull();
        assertThat(emulator().messages("other_channel")).hasSize(1);
        assertThat(emulator().messages(CHANNEL)).isEmpty();
    }
}
