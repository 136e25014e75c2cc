package io.github.cameliotanalytics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.cameliotanalytics.emulator.Fault;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.ChannelSummary;
import software.amazon.awssdk.services.iotanalytics.model.CreateChannelRequest;
import software.amazon.awssdk.services.iotanalytics.model.CreateChannelResponse;
import software.amazon.awssdk.services.iotanalytics.model.DeleteChannelResponse;
import software.amazon.awssdk.services.iotanalytics.model.DescribeChannelResponse;
import software.amazon.awssdk.services.iotanalytics.model.ListChannelsResponse;
import software.amazon.awssdk.services.iotanalytics.model.Message;
import software.amazon.awssdk.services.iotanalytics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotanalytics.model.SampleChannelDataResponse;
import software.amazon.awssdk.services.iotanalytics.model.UpdateChannelResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel management operations, from headers and from request objects, through the real client.
 */
class ChannelOperationsTest extends EmulatorTestSupport {

    private Object call(String channel, IoTAnalyticsOperations operation, Map<String, Object> headers) {
        Exchange exchange = template.send("iotanalytics:" + channel, e -> {
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
            e.getMessage().setHeader(IoTAnalyticsConstants.OPERATION, operation);
        });
        if (exchange.getException() != null) {
            throw new AssertionError(exchange.getException());
        }
        return exchange.getMessage().getBody();
    }

    @Test
    void createDescribeUpdateListAndDeleteAChannelFromHeaders() {
        CreateChannelResponse created = (CreateChannelResponse) call("line_2", IoTAnalyticsOperations.createChannel,
                Map.of(IoTAnalyticsConstants.RETENTION_DAYS, 30));
        assertThat(created.channelName()).isEqualTo("line_2");
        assertThat(created.channelArn()).endsWith(":channel/line_2");
        assertThat(created.retentionPeriod().numberOfDays()).isEqualTo(30);

        DescribeChannelResponse described = (DescribeChannelResponse) call("line_2",
                IoTAnalyticsOperations.describeChannel, Map.of(IoTAnalyticsConstants.INCLUDE_STATISTICS, true));
        assertThat(described.channel().name()).isEqualTo("line_2");
        assertThat(described.channel().retentionPeriod().numberOfDays()).isEqualTo(30);
        assertThat(described.statistics()).isNotNull();

        assertThat(call("line_2", IoTAnalyticsOperations.updateChannel, Map.of())).isInstanceOf(UpdateChannelResponse.class);
        DescribeChannelResponse updated = (DescribeChannelResponse) call("line_2",
                IoTAnalyticsOperations.describeChannel, Map.of());
        assertThat(updated.channel().retentionPeriod().unlimited()).isTrue();

        ListChannelsResponse firstPage = (ListChannelsResponse) call("any", IoTAnalyticsOperations.listChannels,
                Map.of(IoTAnalyticsConstants.MAX_RESULTS, 1));
        assertThat(firstPage.channelSummaries()).hasSize(1);
        ListChannelsResponse secondPage = (ListChannelsResponse) call("any", IoTAnalyticsOperations.listChannels,
                Map.of(IoTAnalyticsConstants.MAX_RESULTS, 1, IoTAnalyticsConstants.NEXT_TOKEN, firstPage.nextToken()));
        assertThat(List.of(firstPage.channelSummaries().get(0), secondPage.channelSummaries().get(0)))
                .extracting(ChannelSummary::channelName).containsExactlyInAnyOrder(CHANNEL, "line_2");

        assertThat(call("line_2", IoTAnalyticsOperations.deleteChannel, Map.of())).isInstanceOf(DeleteChannelResponse.class);
        Exchange gone = template.send("iotanalytics:line_2?operation=describeChannel", e -> {
        });
        assertThat(gone.getException()).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void sampleChannelDataReadsBackWhatWasSent() {
        for (int i = 0; i < 3; i++) {
            assertThat(send("iotanalytics:" + CHANNEL + "?batchTimeout=10", "{\"n\":" + i + "}").getException()).isNull();
        }
        SampleChannelDataResponse sample = (SampleChannelDataResponse) call(CHANNEL,
                IoTAnalyticsOperations.sampleChannelData, Map.of(IoTAnalyticsConstants.MAX_MESSAGES, 10));

        assertThat(sample.payloads()).extracting(SdkBytes::asUtf8String)
                .containsExactlyInAnyOrder("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void pojoRequestsAreSentAsTheyAre() {
        Exchange created = template.send("iotanalytics:ignored?operation=createChannel&pojoRequest=true",
                e -> e.getMessage().setBody(CreateChannelRequest.builder().channelName("from_pojo").build()));
        assertThat(created.getMessage().getBody(CreateChannelResponse.class).channelName()).isEqualTo("from_pojo");

        BatchPutMessageRequest request = BatchPutMessageRequest.builder()
                .channelName("from_pojo")
                .messages(Message.builder().messageId("1").payload(SdkBytes.fromUtf8String("{\"a\":1}")).build(),
                        Message.builder().messageId("2").payload(SdkBytes.fromUtf8String("{\"a-b\":1}")).build())
                .build();
        Exchange put = template.send("iotanalytics:from_pojo?pojoRequest=true", e -> e.getMessage().setBody(request));

        BatchPutMessageResponse response = put.getMessage().getBody(BatchPutMessageResponse.class);
        assertThat(response.batchPutMessageErrorEntries()).singleElement()
                .satisfies(entry -> assertThat(entry.messageId()).isEqualTo("2"));
        assertThat(emulator().messages("from_pojo")).extracting(StoredMessage::payload)
                .containsExactly("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCallThatHangsFailsAfterRequestTimeout() {
        // the emulator holds the call 5 s; requestTimeout ends it after 300 ms
        emulator().faults().hangDuration(Duration.ofSeconds(5)).script(Fault.HANG);
        BatchPutMessageRequest request = BatchPutMessageRequest.builder().channelName(CHANNEL)
                .messages(Message.builder().messageId("1").payload(SdkBytes.fromUtf8String("{\"a\":1}")).build())
                .build();

        Exchange put = template.send("iotanalytics:" + CHANNEL + "?pojoRequest=true&requestTimeout=300",
                e -> e.getMessage().setBody(request));

        // not the closed connection at the end of the hang: the SDK's call timeout
        assertThat(put.getException()).isInstanceOf(ApiCallTimeoutException.class);
    }

    @Test
    void unknownOperationFailsTheExchange() {
        Exchange exchange = template.send("iotanalytics:" + CHANNEL,
                e -> e.getMessage().setHeader(IoTAnalyticsConstants.OPERATION, "dropAllChannels"));

        assertThat(exchange.getException()).hasStackTraceContaining("dropAllChannels");
        assertThat(emulator().stats().batchCalls()).isZero();
    }
}
