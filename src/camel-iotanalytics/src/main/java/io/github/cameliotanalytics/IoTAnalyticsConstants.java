package io.github.cameliotanalytics;

import org.apache.camel.spi.Metadata;

/**
 * The message headers of the {@code iotanalytics:} component.
 */
public final class IoTAnalyticsConstants {

    @Metadata(label = "producer", description = "The operation to perform; overrides the endpoint's `operation`.",
              javaType = "io.github.cameliotanalytics.IoTAnalyticsOperations")
    public static final String OPERATION = "CamelIoTAnalyticsOperation";
    @Metadata(label = "producer", description = "The channel to use; overrides the channel name of the endpoint URI.",
              javaType = "String")
    public static final String CHANNEL_NAME = "CamelIoTAnalyticsChannelName";
    @Metadata(label = "producer",
              description = "In: the messageId to send (1 to 128 ASCII characters); when absent the exchange id is used."
                            + " Out: the messageId that was sent.",
              javaType = "String")
    public static final String MESSAGE_ID = "CamelIoTAnalyticsMessageId";
    @Metadata(label = "producer",
              description = "Out, when the message was not delivered: the error code, either the service's"
                            + " (`InvalidRequestException`, `ThrottlingException`...) or the producer's"
                            + " (`DeliveryTimeout`, `BufferFull`, `ProducerStopped`, `SpoolFull`, `SpoolWriteFailed`;"
                            + " `UnknownEntryError` for an error entry without a code).",
              javaType = "String")
    public static final String ERROR_CODE = "CamelIoTAnalyticsErrorCode";
    @Metadata(label = "producer", description = "Out, when the message was not delivered: why.", javaType = "String")
    public static final String ERROR_MESSAGE = "CamelIoTAnalyticsErrorMessage";
    @Metadata(label = "producer",
              description = "Out, for a collection body: one entry per message that was not delivered (empty when all"
                            + " were).",
              javaType = "java.util.List<software.amazon.awssdk.services.iotanalytics.model.BatchPutMessageErrorEntry>")
    public static final String ERROR_ENTRIES = "CamelIoTAnalyticsErrorEntries";
    @Metadata(label = "producer",
              description = "Out, with spoolDirectory: true once the message (for a list body: a message of it) is"
                            + " written to the spool; the forwarder sends it to the service later.",
              javaType = "Boolean")
    public static final String SPOOLED = "CamelIoTAnalyticsSpooled";
    @Metadata(label = "producer",
              description = "In, with spoolDirectory: the order key of the message (its device, say): the spooled"
                            + " messages of one key are forwarded one group at a time, so that the service stores them"
                            + " in the order they were spooled. Messages without one are forwarded in parallel, oldest"
                            + " first, with no order kept between calls.",
              javaType = "String")
    public static final String ORDER_KEY = "CamelIoTAnalyticsOrderKey";
    @Metadata(label = "producer", description = "describeChannel: whether to include the channel statistics.",
              javaType = "Boolean")
    public static final String INCLUDE_STATISTICS = "CamelIoTAnalyticsIncludeStatistics";
    @Metadata(label = "producer",
              description = "createChannel, updateChannel: the retention period in days (absent: unlimited).",
              javaType = "Integer")
    public static final String RETENTION_DAYS = "CamelIoTAnalyticsRetentionDays";
    @Metadata(label = "producer", description = "listChannels: the most results per page (1 to 250).",
              javaType = "Integer")
    public static final String MAX_RESULTS = "CamelIoTAnalyticsMaxResults";
    @Metadata(label = "producer", description = "listChannels: the token of the page to read.", javaType = "String")
    public static final String NEXT_TOKEN = "CamelIoTAnalyticsNextToken";
    @Metadata(label = "producer", description = "sampleChannelData: how many messages to sample (1 to 10).",
              javaType = "Integer")
    public static final String MAX_MESSAGES = "CamelIoTAnalyticsMaxMessages";
    @Metadata(label = "producer", description = "sampleChannelData: the start of the time window.",
              javaType = "java.time.Instant")
    public static final String START_TIME = "CamelIoTAnalyticsStartTime";
    @Metadata(label = "producer", description = "sampleChannelData: the end of the time window.",
              javaType = "java.time.Instant")
    public static final String END_TIME = "CamelIoTAnalyticsEndTime";

    private IoTAnalyticsConstants() {
    }
}
