package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageResponse;
import software.amazon.awssdk.services.iotanalytics.model.Channel;
import software.amazon.awssdk.services.iotanalytics.model.ChannelStatus;
import software.amazon.awssdk.services.iotanalytics.model.ChannelSummary;
import software.amazon.awssdk.services.iotanalytics.model.CreateChannelResponse;
import software.amazon.awssdk.services.iotanalytics.model.DeleteChannelResponse;
import software.amazon.awssdk.services.iotanalytics.model.DescribeChannelResponse;
import software.amazon.awssdk.services.iotanalytics.model.ListChannelsResponse;
import software.amazon.awssdk.services.iotanalytics.model.Message;
import software.amazon.awssdk.services.iotanalytics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotanalytics.model.SampleChannelDataResponse;
import software.amazon.awssdk.services.iotanalytics.model.Tag;
import software.amazon.awssdk.services.iotanalytics.model.UpdateChannelResponse;

/** Every implemented operation, driven through the real SDK client over HTTP. */
class SdkConformanceTest {

    @RegisterExtension
    static final IoTAnalyticsEmulatorExtension EMULATOR = IoTAnalyticsEmulatorExtension.create();

    private IoTAnalyticsClient client() {
        return EMULATOR.emulator().client();
    }

    @Test
    void createChannelAnswersNameArnAndDefaultRetention() {
        CreateChannelResponse created = client().createChannel(r -> r.channelName("demo"));

        assertThat(created.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(created.channelName()).isEqualTo("demo");
        assertThat(created.channelArn()).isEqualTo("arn:aws:iotanalytics:us-east-1:123456789012:channel/demo");
        assertThat(created.retentionPeriod().unlimited()).isTrue();
        assertThat(created.retentionPeriod().numberOfDays()).isNull();
    }

    @Test
    void createChannelKeepsAGivenRetentionPeriod() {
        CreateChannelResponse created = client().createChannel(r -> r.channelName("kept")
                .retentionPeriod(p -> p.unlimited(false).numberOfDays(7))
                .tags(Tag.builder().key("team").value("iot").build()));

        assertThat(created.retentionPeriod().numberOfDays()).isEqualTo(7);
        assertThat(created.retentionPeriod().unlimited()).isFalse();
    }

    @Test
    void describeChannelAnswersTheChannelAndItsStatistics() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        client().createChannel(r -> r.channelName("described"));
        client().batchPutMessage(r -> r.channelName("described").messages(message("1", "{\"temp_01\":29}")));

        DescribeChannelResponse described = client().describeChannel(r -> r.channelName("described")
                .includeStatistics(true));

        Channel channel = described.channel();
        assertThat(channel.name()).isEqualTo("described");
        assertThat(channel.arn()).endsWith(":channel/described");
        assertThat(channel.status()).isEqualTo(ChannelStatus.ACTIVE);
        assertThat(channel.storage().serviceManagedS3()).isNotNull();
        assertThat(channel.storage().customerManagedS3()).isNull();
        assertThat(channel.retentionPeriod().unlimited()).isTrue();
        assertThat(channel.creationTime()).isAfterOrEqualTo(before);
        assertThat(channel.lastUpdateTime()).isEqualTo(channel.creationTime());
        assertThat(channel.lastMessageArrivalTime()).isAfterOrEqualTo(channel.creationTime());
        assertThat(described.statistics().size().estimatedSizeInBytes()).isEqualTo(14.0);
        assertThat(described.statistics().size().estimatedOn()).isAfterOrEqualTo(channel.lastMessageArrivalTime());
    }

    @Test
    void describeChannelLeavesOutStatisticsUnlessAsked() {
        client().createChannel(r -> r.channelName("plain"));

        DescribeChannelResponse described = client().describeChannel(r -> r.channelName("plain"));

        assertThat(described.statistics()).isNull();
        assertThat(described.channel().lastMessageArrivalTime()).isNull();
    }

    @Test
    void customerManagedStorageIsDescribedAndListed() {
        client().createChannel(r -> r.channelName("own_bucket").channelStorage(s -> s.customerManagedS3(
                c -> c.bucket("my-bucket").keyPrefix("iot/").roleArn("arn:aws:iam::123456789012:role/iot"))));

        Channel channel = client().describeChannel(r -> r.channelName("own_bucket")).channel();
        ChannelSummary summary = client().listChannels(r -> { }).channelSummaries().get(0);

        assertThat(channel.storage().customerManagedS3().bucket()).isEqualTo("my-bucket");
        assertThat(channel.storage().customerManagedS3().keyPrefix()).isEqualTo("iot/");
        assertThat(channel.retentionPeriod()).isNull();
        assertThat(summary.channelStorage().customerManagedS3().roleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/iot");
    }

    @Test
    void listChannelsPagesInNameOrder() {
        List<String> names = IntStream.range(0, 7).mapToObj(i -> "channel_" + i).toList();
        names.forEach(name -> client().createChannel(r -> r.channelName(name)));

        List<String> listed = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            ListChannelsResponse page = client().listChannels(r -> r.maxResults(3).nextToken(pageToken));
            page.channelSummaries().forEach(summary -> listed.add(summary.channelName()));
            pageSizes.add(page.channelSummaries().size());
            token = page.nextToken();
        } while (token != null);

        assertThat(listed).containsExactlyElementsOf(names);
        assertThat(pageSizes).containsExactly(3, 3, 1);
    }

    @Test
    void listChannelsPaginatorWalksAllPages() {
        IntStream.range(0, 5).forEach(i -> client().createChannel(r -> r.channelName("paged_" + i)));

        List<ListChannelsResponse> pages = client().listChannelsPaginator(r -> r.maxResults(2)).stream().toList();
        List<ChannelSummary> all = pages.stream().flatMap(page -> page.channelSummaries().stream()).toList();

        assertThat(all).extracting(ChannelSummary::channelName)
                .containsExactly("paged_0", "paged_1", "paged_2", "paged_3", "paged_4");
        assertThat(pages).hasSize(3);
        assertThat(all).allSatisfy(summary -> {
            assertThat(summary.status()).isEqualTo(ChannelStatus.ACTIVE);
            assertThat(summary.creationTime()).isNotNull();
            assertThat(summary.channelStorage().serviceManagedS3()).isNotNull();
        });
    }

    @Test
    void updateChannelChangesTheRetentionPeriod() throws InterruptedException {
        client().createChannel(r -> r.channelName("updated"));
        Thread.sleep(5);

        UpdateChannelResponse updated = client().updateChannel(r -> r.channelName("updated")
                .retentionPeriod(p -> p.numberOfDays(30)));

        Channel channel = client().describeChannel(r -> r.channelName("updated")).channel();
        assertThat(updated.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(channel.retentionPeriod().numberOfDays()).isEqualTo(30);
        assertThat(channel.lastUpdateTime()).isAfter(channel.creationTime());
    }

    @Test
    void deleteChannelRemovesItAndItsMessages() {
        client().createChannel(r -> r.channelName("doomed"));
        client().batchPutMessage(r -> r.channelName("doomed").messages(message("1", "{}")));

        DeleteChannelResponse deleted = client().deleteChannel(r -> r.channelName("doomed"));

        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(EMULATOR.emulator().messages("doomed")).isEmpty();
        assertThat(client().listChannels(r -> { }).channelSummaries()).isEmpty();
        assertThatThrownBy(
                () -> client().describeChannel(r -> r.channelName("doomed")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void batchPutMessageStoresValidMessagesAndListsOnlyFailedOnes() {
        client().createChannel(r -> r.channelName("telemetry"));

        BatchPutMessageResponse response = client().batchPutMessage(r -> r.channelName("telemetry").messages(
                message("ok-1", "{\"temp_01\":29}"),
                message("bad-name", "{\"temp-01\":29}"),
                message("ok-2", "binary \u0000 data")));

        assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(response.batchPutMessageErrorEntries()).singleElement().satisfies(entry -> {
            assertThat(entry.messageId()).isEqualTo("bad-name");
            assertThat(entry.errorCode()).isEqualTo("InvalidRequestException");
            assertThat(entry.errorMessage()).contains("temp-01");
        });
        List<StoredMessage> stored = EMULATOR.emulator().messages("telemetry");
        assertThat(stored).extracting(StoredMessage::messageId).containsExactly("ok-1", "ok-2");
        assertThat(stored.get(0).payloadAsString()).isEqualTo("{\"temp_01\":29}");
        assertThat(stored.get(1).payload()).isEqualTo("binary \u0000 data".getBytes(StandardCharsets.UTF_8));
        assertThat(EMULATOR.emulator().stats().messagesAccepted()).isEqualTo(2);
        assertThat(EMULATOR.emulator().stats().messagesRejected()).isEqualTo(1);
    }

    @Test
    void batchPutMessageWithOnlyValidMessagesAnswersAnEmptyErrorList() {
        client().createChannel(r -> r.channelName("clean"));

        BatchPutMessageResponse response = client().batchPutMessage(r -> r.channelName("clean")
                .messages(message("1", "{\"a\":1}"), message("2", "{\"b\":{\"c1_x\":[{\"d\":true}]}}")));

        assertThat(response.batchPutMessageErrorEntries()).isEmpty();
        assertThat(EMULATOR.emulator().messages("clean")).hasSize(2);
    }

    @Test
    void sampleChannelDataAnswersTheLatestPayloadsOldestFirst() {
        client().createChannel(r -> r.channelName("sampled"));
        for (int batch = 0; batch < 3; batch++) {
            int first = batch * 5;
            client().batchPutMessage(r -> r.channelName("sampled").messages(IntStream.range(first, first + 5)
                    .mapToObj(i -> message("m" + i, "{\"n\":" + i + "}")).toList()));
        }

        SampleChannelDataResponse sample = client().sampleChannelData(r -> r.channelName("sampled").maxMessages(4));
        SampleChannelDataResponse byDefault = client().sampleChannelData(r -> r.channelName("sampled"));

        assertThat(sample.payloads()).extracting(SdkBytes::asUtf8String)
                .containsExactly("{\"n\":11}", "{\"n\":12}", "{\"n\":13}", "{\"n\":14}");
        assertThat(byDefault.payloads()).hasSize(10);
    }

    @Test
    void sampleChannelDataFiltersByTimeWindow() {
        client().createChannel(r -> r.channelName("windowed"));
        client().batchPutMessage(r -> r.channelName("windowed").messages(message("1", "{\"n\":1}")));
        Instant received = EMULATOR.emulator().messages("windowed").get(0).receivedAt();

        SampleChannelDataResponse inside = client().sampleChannelData(r -> r.channelName("windowed")
                .startTime(received).endTime(received.plusSeconds(1)));
        SampleChannelDataResponse after = client().sampleChannelData(r -> r.channelName("windowed")
                .startTime(received.plusMillis(1)));
        SampleChannelDataResponse before = client().sampleChannelData(r -> r.channelName("windowed")
                .endTime(received));

        assertThat(inside.payloads()).extracting(SdkBytes::asUtf8String).containsExactly("{\"n\":1}");
        assertThat(after.hasPayloads()).isFalse();
        assertThat(before.hasPayloads()).isFalse();
    }

    static Message message(String id, String payload) {
        return Message.builder().messageId(id).payload(SdkBytes.fromUtf8String(payload)).build();
    }
}
