package io.github.cameliotanalytics.emulator;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON bodies of the implemented operations, named and shaped after the model's shapes. Timestamps are epoch
 * seconds (rest-json's default format for bodies), held as {@link BigDecimal} with millisecond precision.
 */
final class WireShapes {

    private WireShapes() {
    }

    record BatchPutMessageRequest(String channelName, List<Message> messages) {
    }

    record Message(String messageId, byte[] payload) {
    }

    record BatchPutMessageResponse(List<BatchPutMessageErrorEntry> batchPutMessageErrorEntries) {
    }

    record BatchPutMessageErrorEntry(String messageId, String errorCode, String errorMessage) {
    }

    record CreateChannelRequest(String channelName, ChannelStorage channelStorage, RetentionPeriod retentionPeriod,
                                List<Tag> tags) {
    }

    record CreateChannelResponse(String channelName, String channelArn, RetentionPeriod retentionPeriod) {
    }

    record UpdateChannelRequest(ChannelStorage channelStorage, RetentionPeriod retentionPeriod) {
    }

    record DescribeChannelResponse(ChannelDescription channel, ChannelStatistics statistics) {
    }

    /** The model's {@code Channel} shape. */
    record ChannelDescription(String name, ChannelStorage storage, String arn, String status,
                              RetentionPeriod retentionPeriod, BigDecimal creationTime, BigDecimal lastUpdateTime,
                              BigDecimal lastMessageArrivalTime) {
    }

    record ChannelStatistics(EstimatedResourceSize size) {
    }

    record EstimatedResourceSize(double estimatedSizeInBytes, BigDecimal estimatedOn) {
    }

    record ListChannelsResponse(List<ChannelSummary> channelSummaries, String nextToken) {
    }

    /** {@code channelStorage} is the model's ChannelStorageSummary, which has the members of ChannelStorage. */
    record ChannelSummary(String channelName, ChannelStorage channelStorage, String status, BigDecimal creationTime,
                          BigDecimal lastUpdateTime, BigDecimal lastMessageArrivalTime) {
    }

    record SampleChannelDataResponse(List<byte[]> payloads) {
    }

    record ChannelStorage(ServiceManagedS3 serviceManagedS3, CustomerManagedS3 customerManagedS3) {

        static final ChannelStorage SERVICE_MANAGED = new ChannelStorage(new ServiceManagedS3(), null);
    }

    /** The model's ServiceManagedChannelS3Storage: an empty structure. */
    record ServiceManagedS3() {
    }

    /** The model's CustomerManagedChannelS3Storage. */
    record CustomerManagedS3(String bucket, String keyPrefix, String roleArn) {
    }

    record RetentionPeriod(Boolean unlimited, Integer numberOfDays) {

        static final RetentionPeriod UNLIMITED = new RetentionPeriod(true, null);
    }

    record Tag(String key, String value) {
    }

    /** The body of every error answer. */
    record ErrorBody(@JsonProperty("__type") String type, String message, String resourceId, String resourceArn) {
    }
}
