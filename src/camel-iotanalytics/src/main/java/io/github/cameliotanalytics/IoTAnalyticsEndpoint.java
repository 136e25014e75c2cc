package io.github.cameliotanalytics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.batch.BatchEngine;
import io.github.cameliotanalytics.batch.BatchStatistics;
import io.github.cameliotanalytics.batch.Time;
import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/**
 * Send device messages to AWS IoT Analytics channels, batched from many exchanges (BatchPutMessage), and manage
 * channels.
 * <p>
 * The endpoint owns one {@link BatchEngine} shared by all its producers (two routes and a template on one URI share
 * one buffer, one send window and one set of threads): it starts with the first producer and stops with the last.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "iotanalytics", title = "AWS IoT Analytics",
             syntax = "iotanalytics:channelName", producerOnly = true, category = { Category.CLOUD, Category.IOT },
             headersClass = IoTAnalyticsConstants.class)
public class IoTAnalyticsEndpoint extends DefaultEndpoint implements AsyncEndpoint, EndpointServiceLocation {

    @UriParam
    private final IoTAnalyticsConfiguration configuration;

    /** The user's synchronous client, if any: it makes the channel operations, and sends when no async one is set. */
    private IoTAnalyticsClient client;
    /** The client that sends the batches and, without a synchronous one, makes the channel operations. */
    private IoTAnalyticsAsyncClient asyncClient;
    private boolean ownAsyncClient;
    /** The timers of the calls of the client the endpoint built: a Camel pool, which drops a cancelled timer at once. */
    private ScheduledExecutorService ownClientTimers;
    private final Set<IoTAnalyticsProducer> runningProducers = ConcurrentHashMap.newKeySet();
    private final Object engineLock = new Object();
    private int engineUsers;
    private volatile BatchEngine engine;
    private ExecutorService senderThread;
    private ExecutorService callThreads;
    private ExecutorService ownWorkerPool;
    private IoTAnalyticsProducerHealthCheck healthCheck;
    private WritableHealthCheckRepository healthCheckRepository;
    private volatile IoTAnalyticsStatistics lastStatistics = IoTAnalyticsStatistics.NONE;

    public IoTAnalyticsEndpoint(String uri, IoTAnalyticsComponent component, IoTAnalyticsConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public IoTAnalyticsComponent getComponent() {
        return (IoTAnalyticsComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new IoTAnalyticsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The iotanalytics component has no consumer: it only sends messages");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        client = configuration.getIotAnalyticsClient();
        asyncClient = configuration.getIotAnalyticsAsyncClient();
        if (client == null && asyncClient == null) {
            // one timer per call in flight (the window bounds the batches' calls; a channel operation holds its route
            // thread until answered), so the pool's queue needs no bound of its own
            String name = "IoTAnalytics[" + configuration.getChannelName() + "]Timer";
            ThreadPoolProfile timerProfile = new ThreadPoolProfile(name);
            timerProfile.setPoolSize(1);
            timerProfile.setMaxQueueSize(-1);
            ownClientTimers = getCamelContext().getExecutorServiceManager()
                    .newScheduledThreadPool(this, name, timerProfile);
            try {
                asyncClient = IoTAnalyticsClientFactory.createAsync(configuration, ownClientTimers);
            } catch (Throwable e) {
                shutDownOwnClientTimers();
                throw e;
            }
            ownAsyncClient = true;
        }
    }

    @Override
    protected void doStop() throws Exception {
        // the producers flush their pending messages through the client: they stop before it closes
        ServiceHelper.stopService(runningProducers);
        if (ownAsyncClient) {
            ownAsyncClient = false;
            try {
                asyncClient.close();
            } finally {
                shutDownOwnClientTimers();
            }
        }
        asyncClient = null;
        client = null;
        super.doStop();
    }

    private void shutDownOwnClientTimers() {
        getCamelContext().getExecutorServiceManager().shutdownNow(ownClientTimers);
        ownClientTimers = null;
    }

    /** Called by a producer when it starts: the first one starts the engine. */
    BatchEngine acquireEngine(IoTAnalyticsProducer producer) {
        synchronized (engineLock) {
            if (engineUsers++ == 0) {
                startEngine();
            }
            runningProducers.add(producer);
            return engine;
        }
    }

    /** Called by a producer when it stops: the last one stops the engine, which gives every message its outcome. */
    void releaseEngine(IoTAnalyticsProducer producer) {
        synchronized (engineLock) {
            if (!runningProducers.remove(producer)) {
                return;
            }
            if (--engineUsers == 0) {
                stopEngine();
            }
        }
    }

    private void startEngine() {
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        String name = "IoTAnalytics[" + configuration.getChannelName() + "]";
        senderThread = executors.newSingleThreadExecutor(this, name + "Sender");
        // the thread that makes a call builds, marshals and signs its request: with the asynchronous client a thread
        // per core, each call handed on to the client's event loop; a user's synchronous client holds one for each
        // call in flight, started only when no idle one is left (twice the bound, since a thread that gave back its
        // place still hands over the answer). The window bounds the calls queued for a thread.
        boolean async = asyncClient != null;
        ThreadPoolProfile callProfile = new ThreadPoolProfile(name + "Call");
        int callThreadCount = async
                ? Math.min(configuration.getMaxInFlightBatches(), Runtime.getRuntime().availableProcessors())
                : 2 * configuration.getMaxInFlightBatches();
        callProfile.setPoolSize(async ? callThreadCount : 1);
        callProfile.setMaxPoolSize(callThreadCount);
        callProfile.setMaxQueueSize(async ? configuration.getMaxInFlightBatches() : 0);
        callProfile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        callThreads = executors.newThreadPool(this, name + "Call", callProfile);
        SdkBatchCall call = async ? SdkBatchCall.async(asyncClient, callThreads) : SdkBatchCall.sync(client, callThreads);
        ExecutorService workers = configuration.getWorkerPool();
        if (workers == null) {
            // no queue of its own: the engine keeps the completions, and never gives a pool more than its threads
            ThreadPoolProfile profile = new ThreadPoolProfile(name + "Worker");
            profile.setPoolSize(configuration.getWorkerPoolCoreSize());
            profile.setMaxPoolSize(configuration.getWorkerPoolMaxSize());
            profile.setMaxQueueSize(0);
            profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
            ownWorkerPool = executors.newThreadPool(this, name + "Worker", profile);
            workers = ownWorkerPool;
        }
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(5));
        BatchEngine.Settings settings = new BatchEngine.Settings(
                configuration.getBatchSize(), TimeUnit.MILLISECONDS.toNanos(configuration.getBatchTimeout()),
                configuration.getMaxPendingMessages(), configuration.getMaxPendingBytes(),
                configuration.getMaxInFlightBatches(), TimeUnit.MILLISECONDS.toNanos(configuration.getDeliveryTimeout()),
                Duration.ofMillis(configuration.getRequestTimeout()), configuration.getWorkerPoolMaxSize());
        engine = new BatchEngine(settings, call, Time.SYSTEM,
                attempt -> backoff.computeDelay(attempt).toNanos(), workers);
        engine.start(senderThread);

        if (getComponent().isHealthCheckProducerEnabled()) {
            healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(
                    getCamelContext(), "producers", WritableHealthCheckRepository.class);
            if (healthCheckRepository != null) {
                healthCheck = new IoTAnalyticsProducerHealthCheck(this);
                healthCheckRepository.addHealthCheck(healthCheck);
            }
        }
    }

    private void stopEngine() {
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        BatchEngine stopping = engine;
        engine = null;
        // every accepted message has its outcome, and every completion has run, when close returns
        stopping.close(TimeUnit.MILLISECONDS.toNanos(configuration.getShutdownTimeout()));
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        executors.shutdownNow(senderThread);
        executors.shutdownNow(callThreads);
        if (ownWorkerPool != null) {
            // a worker still running a route continuation finishes it
            executors.shutdown(ownWorkerPool);
            ownWorkerPool = null;
        }
        lastStatistics = statistics(stopping);
    }

    /**
     * The statistics of the batching engine of this endpoint, shared by all its producers; after it stopped, those it
     * had when it stopped.
     */
    public IoTAnalyticsStatistics getStatistics() {
        BatchEngine running = engine;
        return running != null ? statistics(running) : lastStatistics;
    }

    private static IoTAnalyticsStatistics statistics(BatchEngine engine) {
        BatchStatistics counters = engine.statistics();
        return new IoTAnalyticsStatistics(engine.pendingMessages(), engine.pendingBytes(), engine.waitingSenders(),
                engine.inFlightBatches(), engine.sendWindow(), counters.messagesSent(), counters.messagesFailed(),
                counters.messagesRetried(), counters.messagesResentAfterUnknownOutcome(), counters.batchesSent(),
                counters.meanBatchSize(), counters.meanBufferTimeMillis(), counters.maxBufferTimeMillis(),
                counters.errorsByCode(), engine.lastCallErrorCode(), engine.consecutiveFailedCalls());
    }

    /** Whether the engine of this endpoint runs (a producer of it is started). */
    boolean isEngineRunning() {
        return engine != null;
    }

    public IoTAnalyticsConfiguration getConfiguration() {
        return configuration;
    }

    /** The user's {@code iotAnalyticsClient}, if any. */
    public IoTAnalyticsClient getClient() {
        return client;
    }

    /** The asynchronous client of this endpoint: the user's {@code iotAnalyticsAsyncClient}, or one built from the
     *  options when the user gave no client; {@code null} when the user gave only a synchronous one. */
    public IoTAnalyticsAsyncClient getAsyncClient() {
        return asyncClient;
    }

    /** The timer pool of the client the endpoint built, if it built one. */
    ScheduledExecutorService ownClientTimers() {
        return ownClientTimers;
    }

    /** The started producers of this endpoint. */
    Set<IoTAnalyticsProducer> runningProducers() {
        return runningProducers;
    }

    @Override
    public String getServiceUrl() {
        if (configuration.isOverrideEndpoint() && configuration.getUriEndpointOverride() != null) {
            return configuration.getUriEndpointOverride();
        }
        return configuration.getRegion();
    }

    @Override
    public String getServiceProtocol() {
        return "iotanalytics";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return configuration.getChannelName() != null ? Map.of("channel", configuration.getChannelName()) : null;
    }
}
