package io.github.cameliotanalytics;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageRequest;
import software.amazon.awssdk.services.iotanalytics.model.CreateChannelRequest;
import software.amazon.awssdk.services.iotanalytics.model.DeleteChannelRequest;
import software.amazon.awssdk.services.iotanalytics.model.DescribeChannelRequest;
import software.amazon.awssdk.services.iotanalytics.model.ListChannelsRequest;
import software.amazon.awssdk.services.iotanalytics.model.RetentionPeriod;
import software.amazon.awssdk.services.iotanalytics.model.SampleChannelDataRequest;
import software.amazon.awssdk.services.iotanalytics.model.UpdateChannelRequest;

/**
 * The operations that call the service once per exchange: the channel management API, and BatchPutMessage with a
 * request object in the body ({@code pojoRequest=true}). The request comes from the body when {@code pojoRequest=true},
 * else from the headers; the SDK response goes to the body.
 */
final class ChannelOperations {

    private final IoTAnalyticsClient client;
    private final IoTAnalyticsAsyncClient asyncClient;
    private final boolean pojoRequest;

    /** Calls with {@code client} if there is one, else with {@code asyncClient}, waiting for its answer. */
    ChannelOperations(IoTAnalyticsClient client, IoTAnalyticsAsyncClient asyncClient, boolean pojoRequest) {
        this.client = client;
        this.asyncClient = asyncClient;
        this.pojoRequest = pojoRequest;
    }

    void execute(IoTAnalyticsOperations operation, Exchange exchange, String channelName)
            throws InvalidPayloadException {
        Message in = exchange.getMessage();
        Object response = switch (operation) {
            case batchPutMessage -> call(IoTAnalyticsClient::batchPutMessage, IoTAnalyticsAsyncClient::batchPutMessage,
                    request(exchange, BatchPutMessageRequest.class, null));
            case createChannel -> call(IoTAnalyticsClient::createChannel, IoTAnalyticsAsyncClient::createChannel,
                    request(exchange, CreateChannelRequest.class,
                    () -> CreateChannelRequest.builder().channelName(channelName)
                            .retentionPeriod(retention(in)).build()));
            case describeChannel -> call(IoTAnalyticsClient::describeChannel, IoTAnalyticsAsyncClient::describeChannel,
                    request(exchange, DescribeChannelRequest.class,
                    () -> DescribeChannelRequest.builder().channelName(channelName)
                            .includeStatistics(in.getHeader(IoTAnalyticsConstants.INCLUDE_STATISTICS, Boolean.class))
                            .build()));
            case listChannels -> call(IoTAnalyticsClient::listChannels, IoTAnalyticsAsyncClient::listChannels,
                    request(exchange, ListChannelsRequest.class,
                    () -> ListChannelsRequest.builder()
                            .maxResults(in.getHeader(IoTAnalyticsConstants.MAX_RESULTS, Integer.class))
                            .nextToken(in.getHeader(IoTAnalyticsConstants.NEXT_TOKEN, String.class))
                            .build()));
            case updateChannel -> call(IoTAnalyticsClient::updateChannel, IoTAnalyticsAsyncClient::updateChannel,
                    request(exchange, UpdateChannelRequest.class,
                    () -> UpdateChannelRequest.builder().channelName(channelName)
                            .retentionPeriod(retention(in)).build()));
            case deleteChannel -> call(IoTAnalyticsClient::deleteChannel, IoTAnalyticsAsyncClient::deleteChannel,
                    request(exchange, DeleteChannelRequest.class,
                    () -> DeleteChannelRequest.builder().channelName(channelName).build()));
            case sampleChannelData -> call(IoTAnalyticsClient::sampleChannelData,
                    IoTAnalyticsAsyncClient::sampleChannelData,
                    request(exchange, SampleChannelDataRequest.class,
                    () -> SampleChannelDataRequest.builder().channelName(channelName)
                            .maxMessages(in.getHeader(IoTAnalyticsConstants.MAX_MESSAGES, Integer.class))
                            .startTime(in.getHeader(IoTAnalyticsConstants.START_TIME, Instant.class))
                            .endTime(in.getHeader(IoTAnalyticsConstants.END_TIME, Instant.class))
                            .build()));
        };
        in.setBody(response);
    }

    /** Makes one call with the synchronous client, or with the asynchronous one and waits for its answer. */
    private <T> Object call(BiFunction<IoTAnalyticsClient, T, ?> sync,
                            BiFunction<IoTAnalyticsAsyncClient, T, ? extends CompletableFuture<?>> async, T request) {
        if (client != null) {
            return sync.apply(client, request);
        }
        try {
            return async.apply(asyncClient, request).join();
        } catch (CompletionException e) {
            // the SDK's exception, as the synchronous client throws it
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private <T> T request(Exchange exchange, Class<T> type, Supplier<T> fromHeaders) throws InvalidPayloadException {
        if (pojoRequest || fromHeaders == null) {
            return exchange.getMessage().getMandatoryBody(type);
        }
        return fromHeaders.get();
    }

    private static RetentionPeriod retention(Message in) {
        Integer days = in.getHeader(IoTAnalyticsConstants.RETENTION_DAYS, Integer.class);
        return days == null
                ? RetentionPeriod.builder().unlimited(true).build()
                : RetentionPeriod.builder().numberOfDays(days).build();
    }
}
