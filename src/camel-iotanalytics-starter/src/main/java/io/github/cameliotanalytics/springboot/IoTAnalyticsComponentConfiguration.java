package io.github.cameliotanalytics.springboot;

import java.util.concurrent.ExecutorService;

import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.IoTAnalyticsOperations;
import io.github.cameliotanalytics.spool.SpoolFullStrategy;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;
import software.amazon.awssdk.core.Protocol;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/**
 * The options of the iotanalytics component, bound from {@code camel.component.iotanalytics.*}: one field for each
 * component option of the component's catalog JSON, with its type (wrapper types for primitives, milliseconds for
 * durations, as in Camel's starters), default and description. Only the options set in the Spring environment are
 * copied onto the component.
 */
@ConfigurationProperties(prefix = IoTAnalyticsComponentConfiguration.PREFIX)
public class IoTAnalyticsComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    static final String PREFIX = "camel.component.iotanalytics";

    /**
     * Whether to enable the auto-configuration of the iotanalytics component. This is enabled by default.
     */
    @SuppressWarnings("unused") // declared for its description in the metadata; the inherited accessors bind it
    private Boolean enabled;

    /**
     * The options shared by every endpoint of this component. The option is a
     * io.github.cameliotanalytics.IoTAnalyticsConfiguration type: refer to a bean with #bean:name.
     */
    private IoTAnalyticsConfiguration configuration;

    /**
     * Whether a message the service (or validatePayload) rejects fails its exchange with a
     * MessageNotDeliveredException; when false only the error headers are set.
     */
    private Boolean failOnErrorEntry = true;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed then
     * creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer = false;

    /**
     * The operation to perform.
     */
    private IoTAnalyticsOperations operation = IoTAnalyticsOperations.batchPutMessage;

    /**
     * Whether to send the requests to uriEndpointOverride instead of the region's endpoint.
     */
    private Boolean overrideEndpoint = false;

    /**
     * The AWS region of the channel, as a lowercase id such as eu-west-1: one where IoT Analytics is served (us-east-1,
     * us-east-2, us-west-2, ap-south-1, ap-southeast-2, ap-northeast-1, eu-central-1, eu-west-1), or any region id with
     * overrideEndpoint=true; checked when the endpoint is created.
     */
    private String region;

    /**
     * The endpoint to use with overrideEndpoint, such as http://127.0.0.1:4566 for the emulator.
     */
    private String uriEndpointOverride;

    /**
     * Whether to check each message before sending it: at most 128 KB, a valid messageId, and JSON field names that
     * follow the service's rules. A message that breaks one fails alone.
     */
    private Boolean validatePayload = true;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;

    /**
     * The asynchronous AWS IoT Analytics client to send the batches with, as it is (without it and without
     * iotAnalyticsClient, the component builds one with the Netty HTTP client from the options); it also makes the
     * channel operations when iotAnalyticsClient is not set. The option is a
     * software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient type: refer to a bean with #bean:name.
     */
    private IoTAnalyticsAsyncClient iotAnalyticsAsyncClient;

    /**
     * The AWS IoT Analytics client to use, as it is, for the channel operations; it also sends the batches, on a
     * thread per call in flight, unless iotAnalyticsAsyncClient is set. The option is a
     * software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient type: refer to a bean with #bean:name.
     */
    private IoTAnalyticsClient iotAnalyticsClient;

    /**
     * To send a BatchPutMessageRequest (or another request object of the SDK) found in the body as it is, and put the
     * SDK response in the body.
     */
    private Boolean pojoRequest = false;

    /**
     * The thread pool that completes the exchanges (runs the rest of their route) once their outcome is known; by
     * default one is made with workerPoolCoreSize and workerPoolMaxSize threads. It is not shut down by the component.
     * The option is a java.util.concurrent.ExecutorService type: refer to a bean with #bean:name.
     */
    private ExecutorService workerPool;

    /**
     * The threads kept in the worker pool that completes the exchanges.
     */
    private Integer workerPoolCoreSize = 10;

    /**
     * The most exchanges completed at once (the most threads of the worker pool, also of a workerPool of your own): a
     * slow route step after the producer holds one of them; further outcomes wait for a free one.
     */
    private Integer workerPoolMaxSize = 20;

    /**
     * The most messages sent in one BatchPutMessage call (1 to 100, the API limit).
     */
    private Integer batchSize = 100;

    /**
     * The longest time, in milliseconds, the oldest pending message waits for its batch to fill before the batch is
     * sent anyway; at most one day (86400000).
     */
    private Long batchTimeout = 50L;

    /**
     * The longest time, in milliseconds, from the acceptance of a message to the outcome of its exchange, retries
     * included; then the exchange fails with error code DeliveryTimeout. At most one day (86400000).
     */
    private Long deliveryTimeout = 120000L;

    /**
     * How long, in milliseconds, a sender waits for room when the buffer is full (for a list body: in all); then the
     * messages not taken fail with error code BufferFull. At most one day (86400000).
     */
    private Long maxBlockTime = 10000L;

    /**
     * The most BatchPutMessage calls in flight at once for this endpoint (shared by all its producers): the upper bound
     * of the adaptive send window, which starts at 4 calls, widens while throughput grows and narrows on throttling or
     * when latency rises with no gain.
     */
    private Integer maxInFlightBatches = 256;

    /**
     * The most payload bytes the producer holds, waiting to be sent or in calls in flight; a sender that finds the
     * buffer full waits up to maxBlockTime, and a larger payload fails at once.
     */
    private Long maxPendingBytes = 33554432L;

    /**
     * The most messages waiting to be sent, counting the exchanges whose outcome waits for a worker; a sender that
     * finds the buffer full waits up to maxBlockTime, and the buffered messages are then sent without waiting for their
     * batch to fill.
     */
    private Integer maxPendingMessages = 1000;

    /**
     * The longest time, in milliseconds, one call to the service may take: a BatchPutMessage call of the batcher is
     * then retried, any other call fails; at most one day (86400000).
     */
    private Long requestTimeout = 30000L;

    /**
     * When the producer stops: how long, in milliseconds, it waits for pending and in-flight messages before failing
     * them with error code ProducerStopped, never longer than Camel's own shutdown timeout; at most one day (86400000).
     */
    private Long shutdownTimeout = 10000L;

    /**
     * Used for enabling or disabling all consumer based health checks from this component.
     */
    private Boolean healthCheckConsumerEnabled = true;

    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by default
     * disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;

    /**
     * The host of the proxy the client connects through.
     */
    private String proxyHost;

    /**
     * The port of the proxy the client connects through.
     */
    private Integer proxyPort;

    /**
     * The protocol of the proxy the client connects through.
     */
    private Protocol proxyProtocol = Protocol.HTTPS;

    /**
     * Amazon AWS access key.
     */
    private String accessKey;

    /**
     * The profile name, with useProfileCredentialsProvider.
     */
    private String profileCredentialsName;

    /**
     * Amazon AWS secret key.
     */
    private String secretKey;

    /**
     * Amazon AWS session token, used with useSessionCredentials when the user assumes an IAM role.
     */
    private String sessionToken;

    /**
     * Whether to trust every TLS certificate of an overridden endpoint. Never use it in production.
     */
    private Boolean trustAllCertificates = false;

    /**
     * Whether the client loads its credentials through the default credentials provider chain (environment, system
     * properties, profile, container, instance profile).
     */
    private Boolean useDefaultCredentialsProvider = false;

    /**
     * Whether the client loads its credentials through a profile credentials provider.
     */
    private Boolean useProfileCredentialsProvider = false;

    /**
     * Whether the client uses session credentials (accessKey, secretKey and sessionToken).
     */
    private Boolean useSessionCredentials = false;

    /**
     * A Camel endpoint URI that also receives the spooled messages the service refuses for good (and those past
     * spoolRetention), with headers CamelIoTAnalyticsMessageId, CamelIoTAnalyticsChannelName,
     * CamelIoTAnalyticsErrorCode and CamelIoTAnalyticsErrorMessage; they are always written to dead-letters.jsonl in
     * the spool directory.
     */
    private String deadLetterUri;

    /**
     * Store and forward: the directory of this endpoint's durable spool (one endpoint per directory). With it, an
     * exchange completes once its message is written to the spool (header CamelIoTAnalyticsSpooled), and a forwarder
     * sends the spool to the service, oldest first, for as long as spoolRetention allows. Without it, messages are
     * held in memory only.
     */
    private String spoolDirectory;

    /**
     * Whether each group of spooled messages is forced to the storage device before their exchanges complete: true, a
     * power cut loses no completed exchange's message; false, a crash of the JVM loses none, a power cut may lose the
     * last seconds.
     */
    private Boolean spoolFsync = true;

    /**
     * What a full spool does with a new message: reject fails its exchange with error code SpoolFull; dropOldest drops
     * the oldest messages (a segment file at a time, counted and logged).
     */
    private SpoolFullStrategy spoolFullStrategy = SpoolFullStrategy.reject;

    /**
     * The health check reports DOWN when the oldest spooled message is older than this (in milliseconds), or the
     * spool is full.
     */
    private Long spoolHealthMaxAge = 3600000L;

    /**
     * The most bytes the spool's files take on disk; then spoolFullStrategy applies.
     */
    private Long spoolMaxBytes = 1073741824L;

    /**
     * The longest pause, in milliseconds, of the forwarder between attempts while the service does not take messages
     * (the pause doubles from 1 s); one delivered message ends it.
     */
    private Long spoolMaxRetryDelay = 300000L;

    /**
     * How long, in milliseconds, a spooled message is retried; an older one goes to the dead letters with error code
     * SpoolRetentionExpired. At most 365 days.
     */
    private Long spoolRetention = 604800000L;

    public IoTAnalyticsConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(IoTAnalyticsConfiguration configuration) {
        this.configuration = configuration;
    }

    public Boolean getFailOnErrorEntry() {
        return failOnErrorEntry;
    }

    public void setFailOnErrorEntry(Boolean failOnErrorEntry) {
        this.failOnErrorEntry = failOnErrorEntry;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public IoTAnalyticsOperations getOperation() {
        return operation;
    }

    public void setOperation(IoTAnalyticsOperations operation) {
        this.operation = operation;
    }

    public Boolean getOverrideEndpoint() {
        return overrideEndpoint;
    }

    public void setOverrideEndpoint(Boolean overrideEndpoint) {
        this.overrideEndpoint = overrideEndpoint;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getUriEndpointOverride() {
        return uriEndpointOverride;
    }

    public void setUriEndpointOverride(String uriEndpointOverride) {
        this.uriEndpointOverride = uriEndpointOverride;
    }

    public Boolean getValidatePayload() {
        return validatePayload;
    }

    public void setValidatePayload(Boolean validatePayload) {
        this.validatePayload = validatePayload;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public IoTAnalyticsAsyncClient getIotAnalyticsAsyncClient() {
        return iotAnalyticsAsyncClient;
    }

    public void setIotAnalyticsAsyncClient(IoTAnalyticsAsyncClient iotAnalyticsAsyncClient) {
        this.iotAnalyticsAsyncClient = iotAnalyticsAsyncClient;
    }

    public IoTAnalyticsClient getIotAnalyticsClient() {
        return iotAnalyticsClient;
    }

    public void setIotAnalyticsClient(IoTAnalyticsClient iotAnalyticsClient) {
        this.iotAnalyticsClient = iotAnalyticsClient;
    }

    public Boolean getPojoRequest() {
        return pojoRequest;
    }

    public void setPojoRequest(Boolean pojoRequest) {
        this.pojoRequest = pojoRequest;
    }

    public ExecutorService getWorkerPool() {
        return workerPool;
    }

    public void setWorkerPool(ExecutorService workerPool) {
        this.workerPool = workerPool;
    }

    public Integer getWorkerPoolCoreSize() {
        return workerPoolCoreSize;
    }

    public void setWorkerPoolCoreSize(Integer workerPoolCoreSize) {
        this.workerPoolCoreSize = workerPoolCoreSize;
    }

    public Integer getWorkerPoolMaxSize() {
        return workerPoolMaxSize;
    }

    public void setWorkerPoolMaxSize(Integer workerPoolMaxSize) {
        this.workerPoolMaxSize = workerPoolMaxSize;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Long getBatchTimeout() {
        return batchTimeout;
    }

    public void setBatchTimeout(Long batchTimeout) {
        this.batchTimeout = batchTimeout;
    }

    public Long getDeliveryTimeout() {
        return deliveryTimeout;
    }

    public void setDeliveryTimeout(Long deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
    }

    public Long getMaxBlockTime() {
        return maxBlockTime;
    }

    public void setMaxBlockTime(Long maxBlockTime) {
        this.maxBlockTime = maxBlockTime;
    }

    public Integer getMaxInFlightBatches() {
        return maxInFlightBatches;
    }

    public void setMaxInFlightBatches(Integer maxInFlightBatches) {
        this.maxInFlightBatches = maxInFlightBatches;
    }

    public Long getMaxPendingBytes() {
        return maxPendingBytes;
    }

    public void setMaxPendingBytes(Long maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }

    public Integer getMaxPendingMessages() {
        return maxPendingMessages;
    }

    public void setMaxPendingMessages(Integer maxPendingMessages) {
        this.maxPendingMessages = maxPendingMessages;
    }

    public Long getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Long getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Long shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
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

    public Protocol getProxyProtocol() {
        return proxyProtocol;
    }

    public void setProxyProtocol(Protocol proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getProfileCredentialsName() {
        return profileCredentialsName;
    }

    public void setProfileCredentialsName(String profileCredentialsName) {
        this.profileCredentialsName = profileCredentialsName;
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

    public Boolean getTrustAllCertificates() {
        return trustAllCertificates;
    }

    public void setTrustAllCertificates(Boolean trustAllCertificates) {
        this.trustAllCertificates = trustAllCertificates;
    }

    public Boolean getUseDefaultCredentialsProvider() {
        return useDefaultCredentialsProvider;
    }

    public void setUseDefaultCredentialsProvider(Boolean useDefaultCredentialsProvider) {
        this.useDefaultCredentialsProvider = useDefaultCredentialsProvider;
    }

    public Boolean getUseProfileCredentialsProvider() {
        return useProfileCredentialsProvider;
    }

    public void setUseProfileCredentialsProvider(Boolean useProfileCredentialsProvider) {
        this.useProfileCredentialsProvider = useProfileCredentialsProvider;
    }

    public Boolean getUseSessionCredentials() {
        return useSessionCredentials;
    }

    public void setUseSessionCredentials(Boolean useSessionCredentials) {
        this.useSessionCredentials = useSessionCredentials;
    }

    public String getDeadLetterUri() {
        return deadLetterUri;
    }

    public void setDeadLetterUri(String deadLetterUri) {
        this.deadLetterUri = deadLetterUri;
    }

    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    public Boolean getSpoolFsync() {
        return spoolFsync;
    }

    public void setSpoolFsync(Boolean spoolFsync) {
        this.spoolFsync = spoolFsync;
    }

    public SpoolFullStrategy getSpoolFullStrategy() {
        return spoolFullStrategy;
    }

    public void setSpoolFullStrategy(SpoolFullStrategy spoolFullStrategy) {
        this.spoolFullStrategy = spoolFullStrategy;
    }

    public Long getSpoolHealthMaxAge() {
        return spoolHealthMaxAge;
    }

    public void setSpoolHealthMaxAge(Long spoolHealthMaxAge) {
        this.spoolHealthMaxAge = spoolHealthMaxAge;
    }

    public Long getSpoolMaxBytes() {
        return spoolMaxBytes;
    }

    public void setSpoolMaxBytes(Long spoolMaxBytes) {
        this.spoolMaxBytes = spoolMaxBytes;
    }

    public Long getSpoolMaxRetryDelay() {
        return spoolMaxRetryDelay;
    }

    public void setSpoolMaxRetryDelay(Long spoolMaxRetryDelay) {
        this.spoolMaxRetryDelay = spoolMaxRetryDelay;
    }

    public Long getSpoolRetention() {
        return spoolRetention;
    }

    public void setSpoolRetention(Long spoolRetention) {
        this.spoolRetention = spoolRetention;
    }
}
