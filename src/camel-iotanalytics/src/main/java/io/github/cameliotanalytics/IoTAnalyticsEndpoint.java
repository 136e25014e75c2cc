package io.github.cameliotanalytics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
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
import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory.ClientThreads;
import io.github.cameliotanalytics.spool.Spool;
import io.github.cameliotanalytics.spool.SpoolSettings;
import io.github.cameliotanalytics.spool.SpoolStatistics;
import io.netty.channel.nio.NioEventLoopGroup;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
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

    private static final Logger LOG = LoggerFactory.getLogger(IoTAnalyticsEndpoint.class);

    /** The longest a stop waits for the event loops of the client the endpoint built to end, and their quiet period. */
    private static final long EVENT_LOOP_STOP_MILLIS = 1000;
    private static final long EVENT_LOOP_QUIET_MILLIS = 50;
    /** The smallest bound of the dead-letter file (a tenth of spoolMaxBytes otherwise). */
    private static final long MIN_DEAD_LETTER_FILE_BYTES = 1024L * 1024;

    @UriParam
    private final IoTAnalyticsConfiguration configuration;

    /** The user's synchronous client, if any: it makes the channel operations, and sends when no async one is set. */
    private IoTAnalyticsClient client;
    /** The client that sends the batches and, without a synchronous one, makes the channel operations. */
    private IoTAnalyticsAsyncClient asyncClient;
    private boolean ownAsyncClient;
    /** The timers of the calls of the client the endpoint built: a Camel pool, which drops a cancelled timer at once. */
    private ScheduledExecutorService ownClientTimers;
    /** The Netty event loops of the client the endpoint built: its own, so that a stop ends them at once. */
    private NioEventLoopGroup ownEventLoops;
    /** Where the answers of the client the endpoint built complete (and the engine sends the next batches). */
    private ExecutorService ownResponseThreads;
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
    /** With spoolDirectory: the spool, what writes to it, what sends it, and where the refused messages go. */
    private volatile Spool spool;
    private volatile SpoolStatus lastSpoolStatus;
    /** The wall clock of the spool: when a message was spooled, and how old the oldest is. */
    private final Clock spoolClock = Clock.systemUTC();
    private volatile SpoolAppender spoolAppender;
    private volatile SpoolForwarder spoolForwarder;
    private DeadLetters deadLetters;
    private ExecutorService forwarderThread;

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
            ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
            String prefix = "IoTAnalytics[" + configuration.getChannelName() + "]";
            int cores = Runtime.getRuntime().availableProcessors();
            ownClientTimers = executors.newScheduledThreadPool(this, name, timerProfile);
            ownEventLoops = new NioEventLoopGroup(cores,
                    new CamelThreadFactory(executors.getThreadNamePattern(), prefix + "IO", true));
            // one answer per call in flight at most, plus the channel operations: the queue needs no bound of its own;
            // an answer is short (it records outcomes, queues completions and sends the next batches)
            ThreadPoolProfile responseProfile = new ThreadPoolProfile(prefix + "Response");
            responseProfile.setPoolSize(cores);
            responseProfile.setMaxPoolSize(cores);
            responseProfile.setMaxQueueSize(-1);
            ownResponseThreads = executors.newThreadPool(this, prefix + "Response", responseProfile);
            try {
                asyncClient = IoTAnalyticsClientFactory.createAsync(configuration, new ClientThreads(ownClientTimers,
                        SdkEventLoopGroup.create(ownEventLoops), ownResponseThreads));
            } catch (Throwable e) {
                shutDownOwnClientThreads();
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
                shutDownOwnClientThreads();
            }
        }
        asyncClient = null;
        client = null;
        super.doStop();
    }

    /**
     * Ends the timers, the event loops and the response threads of the client the endpoint built, and waits for them
     * to end; the client is closed already.
     */
    private void shutDownOwnClientThreads() {
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        executors.shutdownNow(ownClientTimers);
        executors.shutdownNow(ownResponseThreads);
        try {
            executors.awaitTermination(ownClientTimers, EVENT_LOOP_STOP_MILLIS);
            executors.awaitTermination(ownResponseThreads, EVENT_LOOP_STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ownClientTimers = null;
        ownResponseThreads = null;
        // the calls are over: a short quiet period lets the closing of the connections finish
        ownEventLoops.shutdownGracefully(EVENT_LOOP_QUIET_MILLIS, EVENT_LOOP_STOP_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(EVENT_LOOP_STOP_MILLIS);
        ownEventLoops = null;
    }

    /** Called by a producer when it starts: the first one starts the engine (and the spool, with spoolDirectory). */
    BatchEngine acquireEngine(IoTAnalyticsProducer producer) throws IOException {
        synchronized (engineLock) {
            if (engineUsers == 0) {
                try {
                    startEngine();
                } catch (IOException | RuntimeException | Error e) {
                    // a start that failed after the spool opened gives its directory back
                    closeSpool();
                    throw e;
                }
            }
            engineUsers++;
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

    private void startEngine() throws IOException {
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        String name = "IoTAnalytics[" + configuration.getChannelName() + "]";
        if (configuration.getSpoolDirectory() != null) {
            // opened first: a spool that cannot be opened fails the start before any thread is made
            spoolAppender = new SpoolAppender(Time.SYSTEM, configuration.getMaxPendingMessages());
            spool = Spool.open(spoolSettings(), spoolClock,
                    new CamelThreadFactory(executors.getThreadNamePattern(), name + "SpoolWriter", true),
                    spoolAppender);
        }
        senderThread = executors.newSingleThreadExecutor(this, name + "Sender");
        SdkBatchCall call;
        if (asyncClient != null) {
            // the thread that sends builds, marshals and signs the request, and hands it to the client's event loop
            call = SdkBatchCall.async(asyncClient);
        } else {
            // a user's synchronous client holds a thread for each call in flight, started only when no idle one is
            // left (twice the bound, since a thread that gave back its place still hands over the answer)
            ThreadPoolProfile callProfile = new ThreadPoolProfile(name + "Call");
            callProfile.setPoolSize(1);
            callProfile.setMaxPoolSize(2 * configuration.getMaxInFlightBatches());
            callProfile.setMaxQueueSize(0);
            callProfile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
            callThreads = executors.newThreadPool(this, name + "Call", callProfile);
            call = SdkBatchCall.sync(client, callThreads);
        }
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
        if (spool != null) {
            startForwarder(executors, name);
        }

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
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        if (spoolForwarder != null) {
            // no new submits; what the engine holds of the spool is sent within the grace, or read again next start
            spoolForwarder.stop();
            executors.shutdownNow(forwarderThread);
            try {
                executors.awaitTermination(forwarderThread, EVENT_LOOP_STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            forwarderThread = null;
        }
        BatchEngine stopping = engine;
        engine = null;
        // every accepted message has its outcome, and every completion has run, when close returns
        stopping.close(TimeUnit.MILLISECONDS.toNanos(stopGraceMillis()));
        closeSpool();
        executors.shutdownNow(senderThread);
        if (callThreads != null) {
            executors.shutdownNow(callThreads);
            callThreads = null;
        }
        if (ownWorkerPool != null) {
            // a worker still running a route continuation finishes it
            executors.shutdown(ownWorkerPool);
            ownWorkerPool = null;
        }
        lastStatistics = statistics(stopping);
    }

    private SpoolSettings spoolSettings() {
        long maxBytes = configuration.getSpoolMaxBytes();
        return new SpoolSettings(Path.of(configuration.getSpoolDirectory()), maxBytes,
                SpoolSettings.defaultSegmentBytes(maxBytes), configuration.getSpoolFullStrategy(),
                configuration.isSpoolFsync());
    }

    private void startForwarder(ExecutorServiceManager executors, String name) {
        Path directory = Path.of(configuration.getSpoolDirectory());
        deadLetters = new DeadLetters(directory,
                Math.max(MIN_DEAD_LETTER_FILE_BYTES, configuration.getSpoolMaxBytes() / 10), getCamelContext(),
                configuration.getDeadLetterUri(), spoolClock);
        spoolAppender.connect(spool, engine);
        spoolForwarder = new SpoolForwarder(spool, engine, deadLetters, spoolClock, Time.SYSTEM,
                configuration.getBatchSize(), configuration.getMaxPendingMessages(), configuration.getSpoolRetention(),
                configuration.getSpoolMaxRetryDelay(), configuration.getMaxBlockTime());
        forwarderThread = executors.newSingleThreadExecutor(this, name + "Forwarder");
        forwarderThread.execute(spoolForwarder);
    }

    /**
     * Writes the appends still waiting (their exchanges complete) and saves the spool's acknowledged position; the
     * engine is closed already.
     */
    private void closeSpool() {
        if (spool == null) {
            return;
        }
        lastSpoolStatus = spoolStatus();
        try {
            spool.close();
        } catch (Throwable e) {
            LOG.warn("Closing the spool in {} failed: what it holds is read again at the next start",
                    configuration.getSpoolDirectory(), e);
        }
        spool = null;
        spoolAppender = null;
        spoolForwarder = null;
        if (deadLetters != null) {
            deadLetters.close();
            deadLetters = null;
        }
    }

    /**
     * How long the engine may flush and wait for its calls at a stop: {@code shutdownTimeout}, but no longer than
     * Camel's own shutdown timeout, and not at all once that has run out (Camel forces the stop then).
     */
    private long stopGraceMillis() {
        ShutdownStrategy strategy = getCamelContext().getShutdownStrategy();
        if (strategy == null) {
            return configuration.getShutdownTimeout();
        }
        if (strategy.hasTimeoutOccurred()) {
            return 0;
        }
        return Math.min(configuration.getShutdownTimeout(), strategy.getTimeUnit().toMillis(strategy.getTimeout()));
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

    /** The producers' way into the spool while the engine runs with spoolDirectory, else {@code null}. */
    SpoolAppender spoolAppender() {
        return spoolAppender;
    }

    /**
     * The spool of this endpoint (with spoolDirectory) while its producers run; after they stopped, what it was when
     * they stopped; {@code null} without spoolDirectory.
     */
    public SpoolStatus getSpoolStatus() {
        Spool running = spool;
        return running != null ? spoolStatus() : lastSpoolStatus;
    }

    private SpoolStatus spoolStatus() {
        Spool running = spool;
        SpoolForwarder forwarder = spoolForwarder;
        DeadLetters letters = deadLetters;
        if (running == null || forwarder == null) {
            return lastSpoolStatus;
        }
        SpoolStatistics statistics = running.statistics();
        long maxBytes = configuration.getSpoolMaxBytes();
        boolean full = statistics.bytes() + SpoolSettings.defaultSegmentBytes(maxBytes) > maxBytes;
        long oldest = statistics.oldestAppendedAtMillis();
        long age = oldest < 0 ? 0 : Math.max(0, spoolClock.millis() - oldest);
        return new SpoolStatus(statistics, maxBytes, full, age, forwarder.forwardedMessages(),
                forwarder.forwardRate(), forwarder.heldMessages(), letters != null ? letters.count() : 0);
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
