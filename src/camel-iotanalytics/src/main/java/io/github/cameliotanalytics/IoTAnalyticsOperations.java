package io.github.cameliotanalytics;

/**
 * The operations of the {@code iotanalytics:} producer. {@link #batchPutMessage} is the default and the only one that
 * batches; the others call the channel management API once per exchange.
 */
public enum IoTAnalyticsOperations {
    batchPutMessage,
    createChannel,
    describeChannel,
    listChannels,
    updateChannel,
    deleteChannel,
    sampleChannelData
}
