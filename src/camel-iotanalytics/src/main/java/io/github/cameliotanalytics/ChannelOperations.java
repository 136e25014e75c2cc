package io.github.cameliotanalytics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
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
 * else from the headers; the SDK response goes to the body. Each call may take at most {@code requestTimeout}, unless
 * its request object sets a call timeout of its own.
 */
final class ChannelOperations {

    private final IoTAnalyticsClient client;
    private final IoTAnalyticsAsyncClient asyncClient;
    private final boolean pojoRequest;
    private final Duration requestTimeout;

    /** Calls with {@code client} if there is one, else with {@code asyncClient}, waiting for its answer. */
    ChannelOperations(IoTAnalyticsClient client, IoTAnalyticsAsyncClient asyncClient, boolean pojoRequest,
                      Duration requestTimeout) {
        this.client = client;
        this.asyncClient = asyncClient;
        this.pojoRequest = pojoRequest;
        this.requestTimeout = requestTimeout;
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

    /**
     * Makes one call with the synchronous client, or with the asynchronous one and waits for its answer; the SDK ends
     * it after {@code requestTimeout} (ApiCallTimeoutException).
     */
    private <T extends AwsRequest> Object call(BiFunction<IoTAnalyticsClient, T, ?> sync,
                                               BiFunction<IoTAnalyticsAsyncClient, T, ? extends CompletableFuture<?>> async,
                                               T request) {
        T timed = withCallTimeout(request);
        if (client != null) {
            return sync.apply(client, timed);
        }
        try {
            return async.apply(asyncClient, timed).join();
        } catch (CompletionException e) {
            // the SDK's exception, as the synchronous client throws it
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The request with {@code requestTimeout} as its call timeout, unless it has a call timeout of its own. */
    @SuppressWarnings("unchecked")
    private <T extends AwsRequest> T withCallTimeout(T request) {
        AwsRequestOverrideConfiguration own = request.overrideConfiguration().orElse(null);
        if (own != null && own.apiCallTimeout().isPresent()) {
            return request;
        }
        AwsRequestOverrideConfiguration.Builder overrides = own != null
                ? own.toBuilder() : AwsRequestOverrideConfiguration.builder();
        return (T) request.toBuilder().overrideConfiguration(overrides.apiCallTimeout(requestTimeout).build()).build();
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
