package io.github.cameliotanalytics;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.spool.SpoolFullStrategy;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import software.amazon.awssdk.core.Protocol;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/**
 * The options of an {@code iotanalytics:} endpoint. Each can also be set once on the component.
 */
@UriParams
public class IoTAnalyticsConfiguration implements Cloneable {

    /** The largest value of every duration option: one day, in milliseconds. */
    public static final long MAX_DURATION_MILLIS = TimeUnit.DAYS.toMillis(1);

    @UriPath(description = "The name of the channel the messages are sent to")
    @Metadata(required = true)
    private String channelName;

    @UriParam(defaultValue = "batchPutMessage", description = "The operation to perform")
    private IoTAnalyticsOperations operation = IoTAnalyticsOperations.batchPutMessage;
    @UriParam(enums = "us-east-1,us-east-2,us-west-2,ap-south-1,ap-southeast-2,ap-northeast-1,eu-central-1,eu-west-1",
              description = "The AWS region of the channel, as a lowercase id such as eu-west-1: one where IoT Analytics"
                            + " is served (us-east-1, us-east-2, us-west-2, ap-south-1, ap-southeast-2, ap-northeast-1,"
                            + " eu-central-1, eu-west-1), or any region id with overrideEndpoint=true; checked when the"
                            + " endpoint is created")
    private String region;
    @UriParam(label = "advanced",
              description = "To send a BatchPutMessageRequest (or another request object of the SDK) found in the body"
                            + " as it is, and put the SDK response in the body")
    private boolean pojoRequest;
    @UriParam(label = "advanced",
              description = "The AWS IoT Analytics client to use, as it is, for the channel operations; it also sends the"
                            + " batches, on a thread per call in flight, unless iotAnalyticsAsyncClient is set")
    @Metadata(autowired = true)
    private IoTAnalyticsClient iotAnalyticsClient;
    @UriParam(label = "advanced",
              description = "The asynchronous AWS IoT Analytics client to send the batches with, as it is (without it"
                            + " and without iotAnalyticsClient, the component builds one with the Netty HTTP client"
                            + " from the options); it also makes the channel operations when iotAnalyticsClient is not"
                            + " set")
    @Metadata(autowired = true)
    private IoTAnalyticsAsyncClient iotAnalyticsAsyncClient;

    @UriParam(label = "security", secret = true, description = "Amazon AWS access key")
    private String accessKey;
    @UriParam(label = "security", secret = true, description = "Amazon AWS secret key")
    private String secretKey;
    @UriParam(label = "security", secret = true,
              description = "Amazon AWS session token, used with useSessionCredentials when the user assumes an IAM role")
    private String sessionToken;
    @UriParam(label = "security",
              description = "Whether the client loads its credentials through the default credentials provider chain"
                            + " (environment, system properties, profile, container, instance profile)")
    private boolean useDefaultCredentialsProvider;
    @UriParam(label = "security",
              description = "Whether the client loads its credentials through a profile credentials provider")
    private boolean useProfileCredentialsProvider;
    @UriParam(label = "security", description = "The profile name, with useProfileCredentialsProvider")
    private String profileCredentialsName;
    @UriParam(label = "security",
              description = "Whether the client uses session credentials (accessKey, secretKey and sessionToken)")
    private boolean useSessionCredentials;
    @UriParam(label = "security",
              description = "Whether to trust every TLS certificate of an overridden endpoint. Never use it in production")
    private boolean trustAllCertificates;

    @UriParam(description = "Whether to send the requests to uriEndpointOverride instead of the region's endpoint")
    private boolean overrideEndpoint;
    @UriParam(description = "The endpoint to use with overrideEndpoint, such as http://127.0.0.1:4566 for the emulator")
    private String uriEndpointOverride;

    @UriParam(label = "proxy", enums = "HTTP,HTTPS", defaultValue = "HTTPS",
              description = "The protocol of the proxy the client connects through")
    private Protocol proxyProtocol = Protocol.HTTPS;
    @UriParam(label = "proxy", description = "The host of the proxy the client connects through")
    private String proxyHost;
    @UriParam(label = "proxy", description = "The port of the proxy the client connects through")
    private Integer proxyPort;

    @UriParam(label = "batching", defaultValue = "100",
              description = "The most messages sent in one BatchPutMessage call (1 to 100, the API limit)")
    private int batchSize = 100;
    @UriParam(label = "batching", defaultValue = "50", javaType = "java.time.Duration",
              description = "The longest time, in milliseconds, the oldest pending message waits for its batch to fill"
                            + " before the batch is sent anyway; at most one day (86400000)")
    private long batchTimeout = 50;
    @UriParam(label = "batching", defaultValue = "256",
              description = "The most BatchPutMessage calls in flight at once for this endpoint (shared by all its"
                            + " producers): the upper bound of the adaptive send window, which starts at 4 calls,"
                            + " widens while throughput grows and narrows on throttling or when latency rises with no"
                            + " gain")
    private int maxInFlightBatches = 256;
    @UriParam(label = "batching", defaultValue = "1000",
              description = "The most messages waiting to be sent, counting the exchanges whose outcome waits for a"
                            + " worker; a sender that finds the buffer full waits up to maxBlockTime, and the buffered"
                            + " messages are then sent without waiting for their batch to fill")
    private int maxPendingMessages = 1000;
    @UriParam(label = "batching", defaultValue = "33554432",
              description = "The most payload bytes the producer holds, waiting to be sent or in calls in flight; a"
                            + " sender that finds the buffer full waits up to maxBlockTime, and a larger payload fails"
                            + " at once")
    private long maxPendingBytes = 32L * 1024 * 1024;
    @UriParam(label = "batching", defaultValue = "10000", javaType = "java.time.Duration",
              description = "How long, in milliseconds, a sender waits for room when the buffer is full (for a list"
                            + " body: in all); then the messages not taken fail with error code BufferFull. At most one"
                            + " day (86400000)")
    private long maxBlockTime = 10000;
    @UriParam(label = "batching", defaultValue = "120000", javaType = "java.time.Duration",
              description = "The longest time, in milliseconds, from the acceptance of a message to the outcome of its"
                            + " exchange, retries included; then the exchange fails with error code DeliveryTimeout. At"
                            + " most one day (86400000)")
    private long deliveryTimeout = 120000;
    @UriParam(label = "batching", defaultValue = "30000", javaType = "java.time.Duration",
              description = "The longest time, in milliseconds, one call to the service may take: a BatchPutMessage"
                            + " call of the batcher is then retried, any other call fails; at most one day (86400000)")
    private long requestTimeout = 30000;
    @UriParam(label = "batching", defaultValue = "10000", javaType = "java.time.Duration",
              description = "When the producer stops: how long, in milliseconds, it waits for pending and in-flight"
                            + " messages before failing them with error code ProducerStopped, never longer than Camel's"
                            + " own shutdown timeout; at most one day (86400000)")
    private long shutdownTimeout = 10000;
    @UriParam(label = "advanced",
              description = "The thread pool that completes the exchanges (runs the rest of their route) once their"
                            + " outcome is known; by default one is made with workerPoolCoreSize and workerPoolMaxSize"
                            + " threads. It is not shut down by the component")
    private ExecutorService workerPool;
    @UriParam(label = "advanced", defaultValue = "10",
              description = "The threads kept in the worker pool that completes the exchanges")
    private int workerPoolCoreSize = 10;
    @UriParam(label = "advanced", defaultValue = "20",
              description = "The most exchanges completed at once (the most threads of the worker pool, also of a"
                            + " workerPool of your own): a slow route step after the producer holds one of them; further"
                            + " outcomes wait for a free one")
    private int workerPoolMaxSize = 20;
    @UriParam(defaultValue = "true",
              description = "Whether a message the service (or validatePayload) rejects fails its exchange with a"
                            + " MessageNotDeliveredException; when false only the error headers are set")
    private boolean failOnErrorEntry = true;
    @UriParam(defaultValue = "true",
              description = "Whether to check each message before sending it: at most 128 KB, a valid messageId, and"
                            + " JSON field names that follow the service's rules. A message that breaks one fails alone")
    private boolean validatePayload = true;

    @UriParam(label = "spool",
              description = "Store and forward: the directory of this endpoint's durable spool (one endpoint per"
                            + " directory). With it, an exchange completes once its message is written to the spool"
                            + " (header CamelIoTAnalyticsSpooled), and a forwarder sends the spool to the service,"
                            + " oldest first, for as long as spoolRetention allows. Without it, messages are held in"
                            + " memory only")
    private String spoolDirectory;
    @UriParam(label = "spool", defaultValue = "1073741824",
              description = "The most bytes the spool's files take on disk; then spoolFullStrategy applies")
    private long spoolMaxBytes = 1024L * 1024 * 1024;
    @UriParam(label = "spool", defaultValue = "reject", enums = "reject,dropOldest",
              description = "What a full spool does with a new message: reject fails its exchange with error code"
                            + " SpoolFull; dropOldest drops the oldest messages (a segment file at a time, counted and"
                            + " logged)")
    private SpoolFullStrategy spoolFullStrategy = SpoolFullStrategy.reject;
    @UriParam(label = "spool", defaultValue = "true",
              description = "Whether each group of spooled messages is forced to the storage device before their"
                            + " exchanges complete: true, a power cut loses no completed exchange's message; false, a"
                            + " crash of the JVM loses none, a power cut may lose the last seconds")
    private boolean spoolFsync = true;
    @UriParam(label = "spool", defaultValue = "604800000", javaType = "java.time.Duration",
              description = "How long, in milliseconds, a spooled message is retried; an older one goes to the dead"
                            + " letters with error code SpoolRetentionExpired. At most 365 days")
    private long spoolRetention = 7L * 24 * 60 * 60 * 1000;
    @UriParam(label = "spool", defaultValue = "300000", javaType = "java.time.Duration",
              description = "The longest pause, in milliseconds, of the forwarder between attempts while the service"
                            + " does not take messages (the pause doubles from 1 s); one delivered message ends it")
    private long spoolMaxRetryDelay = 300000;
    @UriParam(label = "spool", defaultValue = "3600000", javaType = "java.time.Duration",
              description = "The health check reports DOWN when the oldest spooled message is older than this (in"
                            + " milliseconds), or the spool is full")
    private long spoolHealthMaxAge = 3600000;
    @UriParam(label = "spool",
              description = "A Camel endpoint URI that also receives the spooled messages the service refuses for good"
                            + " (and those past spoolRetention), with headers CamelIoTAnalyticsMessageId,"
                            + " CamelIoTAnalyticsChannelName, CamelIoTAnalyticsErrorCode and"
                            + " CamelIoTAnalyticsErrorMessage; they are always written to dead-letters.jsonl in the"
                            + " spool directory")
    private String deadLetterUri;

    public String getChannelName() {
        return channelName;
    }

    public void setChannelName(String channelName) {
        this.channelName = channelName;
    }

    public IoTAnalyticsOperations getOperation() {
        return operation;
    }

    public void setOperation(IoTAnalyticsOperations operation) {
        this.operation = operation;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public boolean isPojoRequest() {
        return pojoRequest;
    }

    public void setPojoRequest(boolean pojoRequest) {
        this.pojoRequest = pojoRequest;
    }

    public IoTAnalyticsClient getIotAnalyticsClient() {
        return iotAnalyticsClient;
    }

    public void setIotAnalyticsClient(IoTAnalyticsClient iotAnalyticsClient) {
        this.iotAnalyticsClient = iotAnalyticsClient;
    }

    public IoTAnalyticsAsyncClient getIotAnalyticsAsyncClient() {
        return iotAnalyticsAsyncClient;
    }

    public void setIotAnalyticsAsyncClient(IoTAnalyticsAsyncClient iotAnalyticsAsyncClient) {
        this.iotAnalyticsAsyncClient = iotAnalyticsAsyncClient;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public String getSessionToken() {
        return sessionToken;
    }

    public void setSessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
    }

    public boolean isUseDefaultCredentialsProvider() {
        return useDefaultCredentialsProvider;
    }

    public void setUseDefaultCredentialsProvider(boolean useDefaultCredentialsProvider) {
        this.useDefaultCredentialsProvider = useDefaultCredentialsProvider;
    }

    public boolean isUseProfileCredentialsProvider() {
        return useProfileCredentialsProvider;
    }

    public void setUseProfileCredentialsProvider(boolean useProfileCredentialsProvider) {
        this.useProfileCredentialsProvider = useProfileCredentialsProvider;
    }

    public String getProfileCredentialsName() {
        return profileCredentialsName;
    }

    public void setProfileCredentialsName(String profileCredentialsName) {
        this.profileCredentialsName = profileCredentialsName;
    }

    public boolean isUseSessionCredentials() {
        return useSessionCredentials;
    }

    public void setUseSessionCredentials(boolean useSessionCredentials) {
        this.useSessionCredentials = useSessionCredentials;
    }

    public boolean isTrustAllCertificates() {
        return trustAllCertificates;
    }

    public void setTrustAllCertificates(boolean trustAllCertificates) {
        this.trustAllCertificates = trustAllCertificates;
    }

    public boolean isOverrideEndpoint() {
        return overrideEndpoint;
    }

    public void setOverrideEndpoint(boolean overrideEndpoint) {
        this.overrideEndpoint = overrideEndpoint;
    }

    public String getUriEndpointOverride() {
        return uriEndpointOverride;
    }

    public void setUriEndpointOverride(String uriEndpointOverride) {
        this.uriEndpointOverride = uriEndpointOverride;
    }

    public Protocol getProxyProtocol() {
        return proxyProtocol;
    }

    public void setProxyProtocol(Protocol proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getBatchTimeout() {
        return batchTimeout;
    }

    public void setBatchTimeout(long batchTimeout) {
        this.batchTimeout = batchTimeout;
    }

    public int getMaxInFlightBatches() {
        return maxInFlightBatches;
    }

    public void setMaxInFlightBatches(int maxInFlightBatches) {
        this.maxInFlightBatches = maxInFlightBatches;
    }

    public int getMaxPendingMessages() {
        return maxPendingMessages;
    }

    public void setMaxPendingMessages(int maxPendingMessages) {
        this.maxPendingMessages = maxPendingMessages;
    }

    public long getMaxPendingBytes() {
        return maxPendingBytes;
    }

    public void setMaxPendingBytes(long maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    public long getMaxBlockTime() {
        return maxBlockTime;
    }

    public void setMaxBlockTime(long maxBlockTime) {
        this.maxBlockTime = maxBlockTime;
    }

    public long getDeliveryTimeout() {
        return deliveryTimeout;
    }

    public void setDeliveryTimeout(long deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public long getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(long shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public ExecutorService getWorkerPool() {
        return workerPool;
    }

    public void setWorkerPool(ExecutorService workerPool) {
        this.workerPool = workerPool;
    }

    public int getWorkerPoolCoreSize() {
        return workerPoolCoreSize;
    }

    public void setWorkerPoolCoreSize(int workerPoolCoreSize) {
        this.workerPoolCoreSize = workerPoolCoreSize;
    }

    public int getWorkerPoolMaxSize() {
        return workerPoolMaxSize;
    }

    public void setWorkerPoolMaxSize(int workerPoolMaxSize) {
        this.workerPoolMaxSize = workerPoolMaxSize;
    }

    public boolean isFailOnErrorEntry() {
        return failOnErrorEntry;
    }

    public void setFailOnErrorEntry(boolean failOnErrorEntry) {
        this.failOnErrorEntry = failOnErrorEntry;
    }

    public boolean isValidatePayload() {
        return validatePayload;
    }

    public void setValidatePayload(boolean validatePayload) {
        this.validatePayload = validatePayload;
    }

    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    public long getSpoolMaxBytes() {
        return spoolMaxBytes;
    }

    public void setSpoolMaxBytes(long spoolMaxBytes) {
        this.spoolMaxBytes = spoolMaxBytes;
    }

    public SpoolFullStrategy getSpoolFullStrategy() {
        return spoolFullStrategy;
    }

    public void setSpoolFullStrategy(SpoolFullStrategy spoolFullStrategy) {
        this.spoolFullStrategy = spoolFullStrategy;
    }

    public boolean isSpoolFsync() {
        return spoolFsync;
    }

    public void setSpoolFsync(boolean spoolFsync) {
        this.spoolFsync = spoolFsync;
    }

    public long getSpoolRetention() {
        return spoolRetention;
    }

    public void setSpoolRetention(long spoolRetention) {
        this.spoolRetention = spoolRetention;
    }

    public long getSpoolMaxRetryDelay() {
        return spoolMaxRetryDelay;
    }

    public void setSpoolMaxRetryDelay(long spoolMaxRetryDelay) {
        this.spoolMaxRetryDelay = spoolMaxRetryDelay;
    }

    public long getSpoolHealthMaxAge() {
        return spoolHealthMaxAge;
    }

    public void setSpoolHealthMaxAge(long spoolHealthMaxAge) {
        this.spoolHealthMaxAge = spoolHealthMaxAge;
    }

    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    /**
     * Checks the batching options, so that a wrong value fails when the endpoint is created, not at the first message.
     * Every duration is at most {@link #MAX_DURATION_MILLIS} (one day): deadlines then never overflow.
     */
    void validate() {
        requireBetween("batchSize", batchSize, 1, MessageRules.MAX_MESSAGES_PER_BATCH);
        requireBetween("maxInFlightBatches", maxInFlightBatches, 1, 1024);
        requireBetween("maxPendingMessages", maxPendingMessages, 1, Integer.MAX_VALUE);
        requireBetween("maxPendingBytes", maxPendingBytes, MessageRules.MAX_PAYLOAD_BYTES, Long.MAX_VALUE);
        requireBetween("batchTimeout", batchTimeout, 1, MAX_DURATION_MILLIS);
        requireBetween("deliveryTimeout", deliveryTimeout, 1, MAX_DURATION_MILLIS);
        requireBetween("requestTimeout", requestTimeout, 1, MAX_DURATION_MILLIS);
        requireBetween("maxBlockTime", maxBlockTime, 0, MAX_DURATION_MILLIS);
        requireBetween("shutdownTimeout", shutdownTimeout, 0, MAX_DURATION_MILLIS);
        requireBetween("workerPoolCoreSize", workerPoolCoreSize, 0, 1024);
        requireBetween("workerPoolMaxSize", workerPoolMaxSize, Math.max(1, workerPoolCoreSize), 1024);
        requireBetween("spoolMaxBytes", spoolMaxBytes, 4L * MessageRules.MAX_PAYLOAD_BYTES, Long.MAX_VALUE);
        requireBetween("spoolRetention", spoolRetention, 1, 365 * MAX_DURATION_MILLIS);
        requireBetween("spoolMaxRetryDelay", spoolMaxRetryDelay, 1000, MAX_DURATION_MILLIS);
        requireBetween("spoolHealthMaxAge", spoolHealthMaxAge, 1, 365 * MAX_DURATION_MILLIS);
    }

    private static void requireBetween(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    public IoTAnalyticsConfiguration copy() {
        try {
            return (IoTAnalyticsConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
