package io.github.cameliotanalytics.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/**
 * An emulator of the AWS IoT Analytics API for BatchPutMessage and the channel operations, over HTTP on the loopback
 * interface, for tests and benchmarks.
 * <p>
 * Build it with {@link #builder()}, {@link #start()} it, point an SDK client at {@link #endpoint()} (or use
 * {@link #client()}), then read what arrived with {@link #messages(String)} and {@link #stats()}, and script failures
 * with {@link #faults()}. An emulator starts once; {@link #stop()} (or {@link #close()}) ends it.
 */
public final class IoTAnalyticsEmulator implements AutoCloseable {

    /** Threads answering calls. Delays are waited on a timer, so slow calls hold none of them. */
    static final int WORKER_THREADS = 32;
    private static final String CREDENTIALS_WHEN_UNCHECKED = "emulator";
    /** The prefix of the Camel component's properties, as Camel Main, Spring Boot and Quarkus read them. */
    /** The prefix of {@link #camelComponentProperties()}. */
    static final String COMPONENT_PROPERTIES = "camel.component.iotanalytics.";
    /** The options of {@link #camelComponentProperties()}, in kebab-case. */
    static final Set<String> COMPONENT_OPTIONS
            = Set.of("uri-endpoint-override", "override-endpoint", "region", "access-key", "secret-key");

    private final EmulatorSettings settings;
    private final ChannelRegistry channels;
    private final MessageJournal journal;
    private final Faults faults;
    private final Stats stats = new Stats();
    private final ChannelQuota quota;
    private final ChannelOperations channelOperations;
    private final BatchPutMessageOperation batchPutMessage;
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService timer;
    private IoTAnalyticsClient client;
    private boolean stopped;

    IoTAnalyticsEmulator(EmulatorSettings settings) {
        this.settings = settings;
        this.channels = new ChannelRegistry(settings.region(), settings.accountId(), settings.maxChannels(),
                settings.maxMessagesPerChannel());
        this.journal = settings.dataDirectory() == null ? MessageJournal.NONE
                : new JsonLinesJournal(settings.dataDirectory());
        this.faults = new Faults(settings.seed());
        this.channelOperations = new ChannelOperations(channels, journal);
        this.quota = new ChannelQuota(settings.channelQuota(), settings.quotaClock());
        this.batchPutMessage = new BatchPutMessageOperation(channels, journal, faults, stats, quota);
    }

    /** A builder of emulators with the defaults: 127.0.0.1, a free port, no signature check, us-east-1. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link IoTAnalyticsEmulator}s; see {@link EmulatorSettingsBuilder} for the settings. */
    public static final class Builder extends EmulatorSettingsBuilder<Builder> {

        Builder() {
        }

        /** A new emulator with these settings, not yet started. */
        public IoTAnalyticsEmulator build() {
            return new IoTAnalyticsEmulator(settings());
        }
    }

    /**
     * Starts listening.
     *
     * @return this emulator
     * @throws IllegalStateException when it was already started
     * @throws UncheckedIOException  when the address cannot be bound or the data directory cannot be created
     */
    public synchronized IoTAnalyticsEmulator start() {
        if (server != null || stopped) {
            throw new IllegalStateException("An emulator starts only once");
        }
        // without it the JDK server answers keep-alive calls with Nagle's algorithm on, which adds ~40 ms per call
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // the JDK's server closes a connection whose request is not read and answered in this time (whole seconds,
        // read once per JVM): a client that stops sending holds no worker thread for longer
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime",
                    Long.toString(Math.max(1, settings.readTimeout().toSeconds())));
        }
        try {
            if (settings.dataDirectory() != null) {
                Files.createDirectories(settings.dataDirectory());
            }
            workers = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads("iotanalytics-emulator-worker-"));
            timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("iotanalytics-emulator-timer-"));
            timer.scheduleWithFixedDelay(journal::flush, 1, 1, TimeUnit.SECONDS);
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 1024);
        } catch (IOException e) {
            shutDownExecutors();
            throw new UncheckedIOException("Cannot start the emulator on " + settings.host() + ":" + settings.port(), e);
        }
        SigV4Verifier verifier = settings.checksSignatures()
                ? new SigV4Verifier(settings.accessKeyId(), settings.secretAccessKey(), settings.region(),
                        settings.clock()) : null;
        server.createContext("/", new EmulatorHttpHandler(verifier, operationHandlers(), faults, stats, timer,
                workers, settings.maxRequestBytes()));
        server.createContext(StatsHttpHandler.CONTEXT, new StatsHttpHandler(stats));
        server.setExecutor(workers);
        server.start();
        return this;
    }

    /** Stops listening, closes open connections and {@link #client()}, and flushes the data files. Idempotent. */
    public synchronized void stop() {
        if (server == null) {
            stopped = true;
            return;
        }
        if (client != null) {
            client.close();
            client = null;
        }
        server.stop(0);
        server = null;
        stopped = true;
        shutDownExecutors();
        journal.closeFiles();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** The base URL to give SDK clients, such as {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create("http://" + host + ":" + port());
    }

    /**
     * The port listened on.
     *
     * @throws IllegalStateException when the emulator is not running
     */
    public synchronized int port() {
        return running().getAddress().getPort();
    }

    /** The region served. */
    public String region() {
        return settings.region();
    }

    /** Same as {@link #endpoint()}, named as in LocalStack's Testcontainers module. */
    public URI getEndpoint() {
        return endpoint();
    }

    /** Same as {@link #region()}, named as in LocalStack's Testcontainers module. */
    public String getRegion() {
        return region();
    }

    /** The access key id to sign calls with: the one the emulator checks, or a placeholder when it checks none. */
    public String getAccessKey() {
        return settings.checksSignatures() ? settings.accessKeyId() : CREDENTIALS_WHEN_UNCHECKED;
    }

    /** The secret access key to sign calls with: the one the emulator checks, or a placeholder when it checks none. */
    public String getSecretKey() {
        return settings.checksSignatures() ? settings.secretAccessKey() : CREDENTIALS_WHEN_UNCHECKED;
    }

    /**
     * The properties that point the Camel component at this emulator, as Camel Main, Spring Boot and Quarkus read
     * them: {@code camel.component.iotanalytics.} {@code uri-endpoint-override}, {@code override-endpoint},
     * {@code region}, {@code access-key} and {@code secret-key}.
     *
     * @throws IllegalStateException when the emulator is not running
     */
    public Map<String, String> camelComponentProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(COMPONENT_PROPERTIES + "uri-endpoint-override", endpoint().toString());
        properties.put(COMPONENT_PROPERTIES + "override-endpoint", "true");
        properties.put(COMPONENT_PROPERTIES + "region", getRegion());
        properties.put(COMPONENT_PROPERTIES + "access-key", getAccessKey());
        properties.put(COMPONENT_PROPERTIES + "secret-key", getSecretKey());
        return Collections.unmodifiableMap(properties);
    }

    /**
     * Creates a channel with the default settings (service-managed storage, unlimited retention), or does nothing when
     * one of that name exists.
     *
     * @throws IllegalArgumentException when the name breaks the model's constraints
     * @throws IllegalStateException    when the account already has its maximum number of channels
     */
    public void createChannel(String name) {
        try {
            channelOperations.create(Constraints.channelName(name, "channelName"), null, null);
        } catch (ApiException e) {
            switch (e.error()) {
                case RESOURCE_ALREADY_EXISTS -> {
                    // already there: nothing to do
                }
                case LIMIT_EXCEEDED -> throw new IllegalStateException(e.getMessage());
                default -> throw new IllegalArgumentException(e.getMessage());
            }
        }
    }

    /** The messages a channel holds, oldest first; an empty list when there is no such channel. */
    public List<StoredMessage> messages(String channel) {
        Channel found = channels.find(channel);
        return found == null ? List.of() : found.messages();
    }

    /** The faults injected into BatchPutMessage calls. */
    public Faults faults() {
        return faults;
    }

    /** The counts of BatchPutMessage calls and messages; also served as JSON at {@link #statsEndpoint()}. */
    public Stats stats() {
        return stats;
    }

    /**
     * Where {@code GET} answers the {@link #stats() stats} as JSON, unsigned: {@code <endpoint>/_emulator/stats}.
     *
     * @throws IllegalStateException when the emulator is not running
     */
    public URI statsEndpoint() {
        return URI.create(endpoint() + StatsHttpHandler.STATS_PATH);
    }

    /**
     * Deletes every channel and its messages, removes every fault, fills every channel's quota and sets the stats to
     * zero (data files stay).
     */
    public void reset() {
        channels.clear();
        journal.closeFiles();
        faults.reset();
        quota.reset();
        stats.reset();
    }

    /**
     * An SDK client for this emulator (Apache HTTP client, retries off, its region, its credentials or dummy ones when
     * it checks no signature). The same client each time; {@link #stop()} closes it. It needs
     * {@code software.amazon.awssdk:iotanalytics} and {@code apache-client} on the classpath (optional dependencies of
     * the emulator, which a project using the component has); nothing else in the emulator loads the SDK.
     *
     * @throws IllegalStateException when the emulator is not running, or the SDK is not on the classpath
     */
    public synchronized IoTAnalyticsClient client() {
        running();
        if (client == null) {
            try {
                client = SdkClientFactory.create(endpoint(), settings.region(), getAccessKey(), getSecretKey());
            } catch (NoClassDefFoundError missing) {
                throw new IllegalStateException("client() needs software.amazon.awssdk:iotanalytics and"
                        + " software.amazon.awssdk:apache-client on the classpath; " + missing.getMessage()
                        + " is missing", missing);
            }
        }
        return client;
    }

    private HttpServer running() {
        if (server == null) {
            throw new IllegalStateException("The emulator is not running");
        }
        return server;
    }

    private Map<Operation, OperationHandler> operationHandlers() {
        Map<Operation, OperationHandler> handlers = new EnumMap<>(Operation.class);
        handlers.put(Operation.BATCH_PUT_MESSAGE, batchPutMessage);
        handlers.put(Operation.CREATE_CHANNEL, channelOperations::create);
        handlers.put(Operation.LIST_CHANNELS, channelOperations::list);
        handlers.put(Operation.DESCRIBE_CHANNEL, channelOperations::describe);
        handlers.put(Operation.UPDATE_CHANNEL, channelOperations::update);
        handlers.put(Operation.DELETE_CHANNEL, channelOperations::delete);
        handlers.put(Operation.SAMPLE_CHANNEL_DATA, channelOperations::sample);
        return handlers;
    }

    private void shutDownExecutors() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
