package io.github.cameliotanalytics.emulator;

import static io.github.cameliotanalytics.emulator.RawHttp.assertError;
import static io.github.cameliotanalytics.emulator.RawHttp.get;
import static io.github.cameliotanalytics.emulator.RawHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/** Error answers as seen on the wire: status, x-amzn-ErrorType, x-amzn-RequestId, {@code __type} and message. */
class ErrorResponsesTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.create();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static IoTAnalyticsEmulator emulator() {
        return EMULATOR.emulator();
    }

    @Test
    void successfulAnswersAlsoCarryARequestId() {
        HttpResponse<String> response = get(emulator(), "/channels");

        assertThat(response.statusCode()).isEqualTo(200);
        RawHttp.assertRequestId(response);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).isEmpty();
    }

    @Test
    void malformedJsonIsASerializationException() {
        assertError(post(emulator(), "/channels", "{\"channelName\": "), 400, "SerializationException");
        assertError(post(emulator(), "/messages/batch", "not json"), 400, "SerializationException");
    }

    @Test
    void aValueOfTheWrongJsonTypeIsASerializationException() {
        emulator().createChannel("typed");

        assertError(post(emulator(), "/messages/batch", "{\"channelName\":\"typed\",\"messages\":\"many\"}"), 400,
                "SerializationException");
        assertError(post(emulator(), "/messages/batch",
                "{\"channelName\":\"typed\",\"messages\":[{\"messageId\":\"1\",\"payload\":\"not base64!\"}]}"), 400,
                "SerializationException");
    }

    @Test
    void anUnknownPathIsAnUnknownOperation() {
        assertError(get(emulator(), "/pipelines"), 404, "UnknownOperationException");
        assertError(post(emulator(), "/messages/batch/extra", "{}"), 404, "UnknownOperationException");
    }

    @Test
    void aKnownPathWithAnotherMethodIsAnUnknownOperation() {
        assertError(RawHttp.send(emulator(), "DELETE", "/channels", null), 405, "UnknownOperationException");
        assertError(get(emulator(), "/messages/batch"), 405, "UnknownOperationException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "__double_underscore", "bad-name", "with space", "caf\u00e9"})
    void createChannelRejectsNamesBreakingThePattern(String name) throws Exception {
        JsonNode body = assertError(post(emulator(), "/channels", JSON.writeValueAsString(Map.of("channelName", name))),
                400, "InvalidRequestException");

        assertThat(body.path("message").asText()).contains("channelName");
    }

    @Test
    void createChannelRejectsNamesLongerThan128() throws Exception {
        String longName = "a".repeat(129);

        JsonNode body = assertError(post(emulator(), "/channels",
                JSON.writeValueAsString(Map.of("channelName", longName))), 400, "InvalidRequestException");

        assertThat(body.path("message").asText()).contains("length between 1 and 128");
        assertThat(post(emulator(), "/channels", JSON.writeValueAsString(Map.of("channelName", "a".repeat(128))))
                .statusCode()).isEqualTo(201);
    }

    @Test
    void createChannelRequiresAName() {
        assertError(post(emulator(), "/channels", "{}"), 400, "InvalidRequestException");
        assertError(post(emulator(), "/channels", ""), 400, "InvalidRequestException");
    }

    @Test
    void aBadNameInThePathIsAnInvalidRequest() {
        assertError(get(emulator(), "/channels/bad-name"), 400, "InvalidRequestException");
        assertError(get(emulator(), "/channels/__x/sample"), 400, "InvalidRequestException");
    }

    @Test
    void createChannelTwiceIsResourceAlreadyExistsWithIdAndArn() {
        emulator().createChannel("twice");

        JsonNode body = assertError(post(emulator(), "/channels", "{\"channelName\":\"twice\"}"), 409,
                "ResourceAlreadyExistsException");

        assertThat(body.path("resourceId").asText()).isEqualTo("twice");
        assertThat(body.path("resourceArn").asText())
                .isEqualTo("arn:aws:iotanalytics:us-east-1:123456789012:channel/twice");
    }

    @Test
    void theFiftyFirstChannelExceedsTheLimit() {
        IntStream.range(0, 50).forEach(i -> assertThat(post(emulator(), "/channels",
                "{\"channelName\":\"c" + i + "\"}").statusCode()).isEqualTo(201));

        assertError(post(emulator(), "/channels", "{\"channelName\":\"c50\"}"), 410, "LimitExceededException");
        assertThat(RawHttp.json(get(emulator(), "/channels?maxResults=250")).path("channelSummaries")).hasSize(50);
    }

    @Test
    void operationsOnAMissingChannelAreResourceNotFound() {
        assertError(get(emulator(), "/channels/missing"), 404, "ResourceNotFoundException");
        assertError(RawHttp.send(emulator(), "PUT", "/channels/missing", "{}"), 404, "ResourceNotFoundException");
        assertError(RawHttp.send(emulator(), "DELETE", "/channels/missing", null), 404, "ResourceNotFoundException");
        assertError(get(emulator(), "/channels/missing/sample"), 404, "ResourceNotFoundException");
        assertError(post(emulator(), "/messages/batch", batch("missing", message("1", "{}"))), 404,
                "ResourceNotFoundException");
    }

    @Test
    void aBatchWithoutMessagesOrWithMoreThan100IsRejected() {
        emulator().createChannel("sized");
        List<Entry> tooMany = new ArrayList<>();
        IntStream.range(0, 101).forEach(i -> tooMany.add(message("m" + i, "{}")));

        assertError(post(emulator(), "/messages/batch", batch("sized")), 400, "InvalidRequestException");
        assertError(post(emulator(), "/messages/batch", batch("sized", tooMany)), 400,
                "InvalidRequestException");
        assertError(post(emulator(), "/messages/batch", "{\"channelName\":\"sized\"}"), 400,
                "InvalidRequestException");
        assertThat(post(emulator(), "/messages/batch", batch("sized", tooMany.subList(0, 100))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void duplicateMessageIdsRejectTheWholeBatch() {
        emulator().createChannel("dupes");

        JsonNode body = assertError(post(emulator(), "/messages/batch",
                batch("dupes", message("same", "{}"), message("other", "{}"), message("same", "{}"))), 400,
                "InvalidRequestException");

        assertThat(body.path("message").asText()).contains("same");
        assertThat(emulator().messages("dupes")).isEmpty();
    }

    @Test
    void invalidMessageIdsRejectTheWholeBatch() {
        emulator().createChannel("ids");

        assertError(post(emulator(), "/messages/batch", batch("ids", message("x".repeat(129), "{}"))), 400,
                "InvalidRequestException");
        assertError(post(emulator(), "/messages/batch", batch("ids", message("", "{}"))), 400,
                "InvalidRequestException");
        assertError(post(emulator(), "/messages/batch", batch("ids", message("\u00e9t\u00e9", "{}"))), 400,
                "InvalidRequestException");
        assertThat(post(emulator(), "/messages/batch", batch("ids", message("x".repeat(128), "{}"))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aMessageWithoutPayloadRejectsTheWholeBatch() {
        emulator().createChannel("nopayload");

        assertError(post(emulator(), "/messages/batch",
                "{\"channelName\":\"nopayload\",\"messages\":[{\"messageId\":\"1\"}]}"), 400,
                "InvalidRequestException");
    }

    @Test
    void anOversizePayloadFailsOnlyItsEntry() {
        emulator().createChannel("big");
        String atLimit = "x".repeat(PayloadRules.MAX_PAYLOAD_BYTES);
        String overLimit = atLimit + "x";

        HttpResponse<String> response = post(emulator(), "/messages/batch",
                batch("big", message("fits", atLimit), message("too-big", overLimit)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode entries = RawHttp.json(response).path("batchPutMessageErrorEntries");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).path("messageId").asText()).isEqualTo("too-big");
        assertThat(entries.get(0).path("errorCode").asText()).isEqualTo("InvalidRequestException");
        assertThat(entries.get(0).path("errorMessage").asText()).contains("131073 bytes");
        assertThat(emulator().messages("big")).extracting(StoredMessage::messageId).containsExactly("fits");
    }

    @Test
    void payloadsBreakingFieldNameRulesFailOnlyTheirEntries() {
        emulator().createChannel("fields");

        HttpResponse<String> response = post(emulator(), "/messages/batch", batch("fields",
                message("ok", "{\"temp_01\":29,\"_temp_01\":1}"),
                message("hyphen", "{\"temp-01\":29}"),
                message("digit", "{\"01_temp\":29}"),
                message("underscores", "{\"__temp_01\":29}"),
                message("duplicate", "{\"foo\":1,\"FOO\":2}"),
                message("nested", "{\"outer\":{\"in-ner\":1}}"),
                message("in_array", "{\"list\":[{\"bad-name\":1}]}")));

        JsonNode entries = RawHttp.json(response).path("batchPutMessageErrorEntries");
        List<String> failed = new ArrayList<>();
        entries.forEach(entry -> {
            failed.add(entry.path("messageId").asText());
            assertThat(entry.path("errorCode").asText()).isEqualTo("InvalidRequestException");
            assertThat(entry.path("errorMessage").asText()).isNotBlank();
        });
        assertThat(failed).containsExactly("hyphen", "digit", "underscores", "duplicate", "nested", "in_array");
        assertThat(emulator().messages("fields")).extracting(StoredMessage::messageId).containsExactly("ok");
        assertThat(emulator().stats().messagesRejected()).isEqualTo(6);
    }

    @Test
    void anEmptyPayloadIsStoredAndUnknownMembersAreIgnored() {
        emulator().createChannel("empty");

        HttpResponse<String> response = post(emulator(), "/messages/batch", "{\"channelName\":\"empty\","
                + "\"extra\":1,\"messages\":[{\"messageId\":\"1\",\"payload\":\"\",\"note\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emulator().messages("empty")).singleElement()
                .satisfies(message -> assertThat(message.payload()).isEmpty());
    }

    @Test
    void pagingAndSamplingLimitsAreChecked() {
        emulator().createChannel("limits");

        assertError(get(emulator(), "/channels?maxResults=0"), 400, "InvalidRequestException");
        assertError(get(emulator(), "/channels?maxResults=251"), 400, "InvalidRequestException");
        assertError(get(emulator(), "/channels?maxResults=many"), 400, "SerializationException");
        assertError(get(emulator(), "/channels?nextToken=not-a-token"), 400, "InvalidRequestException");
        assertError(get(emulator(), "/channels/limits/sample?maxMessages=0"), 400, "InvalidRequestException");
        assertError(get(emulator(), "/channels/limits/sample?maxMessages=11"), 400, "InvalidRequestException");
        assertError(get(emulator(), "/channels/limits/sample?startTime=yesterday"), 400, "SerializationException");
        assertError(get(emulator(), "/channels/limits/sample?startTime=2025-01-02T00:00:00Z"
                                    + "&endTime=2025-01-01T00:00:00Z"), 400, "InvalidRequestException");
        assertError(get(emulator(), "/channels/limits?includeStatistics=maybe"), 400, "SerializationException");
        assertThat(get(emulator(), "/channels?maxResults=250").statusCode()).isEqualTo(200);
        assertThat(get(emulator(), "/channels/limits/sample?maxMessages=10").statusCode()).isEqualTo(200);
    }

    @Test
    void channelSettingsAreChecked() {
        assertError(post(emulator(), "/channels",
                "{\"channelName\":\"r\",\"retentionPeriod\":{\"numberOfDays\":0}}"), 400, "InvalidRequestException");
        assertError(post(emulator(), "/channels",
                "{\"channelName\":\"r\",\"retentionPeriod\":{\"unlimited\":true,\"numberOfDays\":3}}"), 400,
                "InvalidRequestException");
        assertError(post(emulator(), "/channels",
                "{\"channelName\":\"s\",\"channelStorage\":{\"customerManagedS3\":{\"bucket\":\"b\"}}}"), 400,
                "InvalidRequestException");
        assertError(post(emulator(), "/channels", "{\"channelName\":\"t\",\"tags\":[]}"), 400,
                "InvalidRequestException");
        assertThat(get(emulator(), "/channels").body()).doesNotContain("\"r\"", "\"s\"", "\"t\"");
    }

    @Test
    void customerManagedChannelsRefuseStatisticsAndRetentionUpdates() {
        assertThat(post(emulator(), "/channels", "{\"channelName\":\"own\",\"channelStorage\":{\"customerManagedS3\":"
                + "{\"bucket\":\"my-bucket\",\"roleArn\":\"arn:aws:iam::123456789012:role/x\"}}}").statusCode())
                .isEqualTo(201);

        assertError(get(emulator(), "/channels/own?includeStatistics=true"), 400, "InvalidRequestException");
        assertError(RawHttp.send(emulator(), "PUT", "/channels/own", "{\"retentionPeriod\":{\"numberOfDays\":3}}"),
                400, "InvalidRequestException");
        assertError(RawHttp.send(emulator(), "PUT", "/channels/own", "{\"channelStorage\":{\"serviceManagedS3\":{}}}"),
                400, "InvalidRequestException");
    }

    /** One element of a BatchPutMessage body. */
    private record Entry(String messageId, String payload) {
    }

    private static Entry message(String id, String payload) {
        return new Entry(id, Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static String batch(String channel, Entry... messages) {
        return batch(channel, List.of(messages));
    }

    private static String batch(String channel, List<Entry> messages) {
        try {
            return JSON.writeValueAsString(Map.of("channelName", channel, "messages", messages));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
