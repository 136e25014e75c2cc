package io.github.cameliotanalytics;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a body becomes the payload of a message.
 */
class BodyConversionTest extends EmulatorTestSupport {

    private String sentPayload(Object body) {
        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", body);
        assertThat(exchange.getException()).isNull();
        String id = exchange.getMessage().getHeader(IoTAnalyticsConstants.MESSAGE_ID, String.class);
        return emulator().messages(CHANNEL).stream().filter(m -> m.messageId().equals(id))
                .map(StoredMessage::payload).map(p -> new String(p, StandardCharsets.UTF_8))
                .findFirst().orElseThrow();
    }

    @Test
    void bytesBuffersStringsAndStreamsAreSentAsTheirBytes() {
        assertThat(sentPayload("{\"t\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"t\":\"caf\u00e9\"}");
        assertThat(sentPayload("{\"t\":\"\u00e9t\u00e9\"}")).isEqualTo("{\"t\":\"\u00e9t\u00e9\"}");
        ByteBuffer buffer = ByteBuffer.wrap("xx{\"b\":1}".getBytes(StandardCharsets.UTF_8));
        buffer.position(2);
        assertThat(sentPayload(buffer)).isEqualTo("{\"b\":1}");
        assertThat(sentPayload(new ByteArrayInputStream("{\"s\":1}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("{\"s\":1}");
    }

    @Test
    void mapsBecomeJson() {
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("device", "press_7");
        reading.put("temp_01", 29.5);
        reading.put("tags", java.util.List.of("a", "b"));

        assertThat(sentPayload(reading)).isEqualTo("{\"device\":\"press_7\",\"temp_01\":29.5,\"tags\":[\"a\",\"b\"]}");
    }

    @Test
    void charSequencesAndTypesWithAConverterToBytesAreSent() {
        assertThat(sentPayload(new StringBuilder("{\"sb\":1}"))).isEqualTo("{\"sb\":1}");
        assertThat(sentPayload(new java.io.StringReader("{\"r\":1}"))).isEqualTo("{\"r\":1}");
    }

    @Test
    void aBodyThatCannotBeConvertedFailsItsExchangeWithAClearError() {
        Exchange exchange = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", new Object());
        Exchange number = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", 42);
        Exchange empty = send("iotanalytics:" + CHANNEL + "?batchTimeout=10", null);

        MessageNotDeliveredException e = exchange.getException(MessageNotDeliveredException.class);
        assertThat(e.getErrorCode()).isEqualTo("InvalidRequestException");
        assertThat(e.getErrorMessage())
                .isEqualTo("Cannot turn a body of type java.lang.Object into a payload: no type converter to byte[]");
        assertThat(number.getException(MessageNotDeliveredException.class).getErrorMessage()).contains("Integer");
        assertThat(empty.getException(MessageNotDeliveredException.class).getErrorMessage())
                .isEqualTo("The body is null: there is no payload to send");
        assertThat(emulator().stats().batchCalls()).isZero();
    }
}
