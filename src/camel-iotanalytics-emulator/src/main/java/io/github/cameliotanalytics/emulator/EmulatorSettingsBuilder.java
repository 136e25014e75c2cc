package io.github.cameliotanalytics.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The settings shared by {@link IoTAnalyticsEmulator#builder()} and {@link IoTAnalyticsEmulatorExtension#builder()}.
 *
 * @param <B> the concrete builder, returned by each setter for chaining
 */
public abstract class EmulatorSettingsBuilder<B extends EmulatorSettingsBuilder<B>> {

    /** Default address to listen on. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default region, used in ARNs and in the signature scope. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** Default account, used in ARNs. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    /** Default number of messages a channel holds before dropping the oldest. */
    public static final int DEFAULT_MAX_MESSAGES_PER_CHANNEL = 100_000;
    /** Default number of channels the account may have (the published quota). */
    public static final int DEFAULT_MAX_CHANNELS = 50;
    /**
     * Default cap on a request body: 20 MiB, above the largest legal BatchPutMessage call (100 messages of 128 KB, in
     * base64, with 128-character ids: about 17.5 MB).
     */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 20 * 1024 * 1024;
    /** Default time a client may take to send a request's headers and body. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private String host = DEFAULT_HOST;
    private int port;
    private String accessKeyId;
    private String secretAccessKey;
    private String region = DEFAULT_REGION;
    private String accountId = DEFAULT_ACCOUNT_ID;
    private Path dataDirectory;
    private int maxMessagesPerChannel = DEFAULT_MAX_MESSAGES_PER_CHANNEL;
    private int maxChannels = DEFAULT_MAX_CHANNELS;
    private Long seed;
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Clock clock = Clock.systemUTC();
    private int channelQuota;
    private LongSupplier quotaClock = System::nanoTime;

    EmulatorSettingsBuilder() {
    }

    /** The address to listen on; {@value #DEFAULT_HOST} by default. */
    public B host(String host) {
        this.host = requireText(host, "host");
        return self();
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public B port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        this.port = port;
        return self();
    }

    /** The only credentials accepted: every call must then carry a valid SigV4 signature made with them. */
    public B credentials(String accessKeyId, String secretAccessKey) {
        this.accessKeyId = requireText(accessKeyId, "accessKeyId");
        this.secretAccessKey = requireText(secretAccessKey, "secretAccessKey");
        return self();
    }

    /** The region served; {@value #DEFAULT_REGION} by default. */
    public B region(String region) {
        this.region = requireText(region, "region");
        return self();
    }

    /** The account of the ARNs; {@value #DEFAULT_ACCOUNT_ID} by default. */
    public B accountId(String accountId) {
        this.accountId = requireText(accountId, "accountId");
        return self();
    }

    /** A directory to also write accepted messages to, one {@code <channel>.jsonl} file per channel. */
    public B dataDirectory(Path dataDirectory) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        return self();
    }

    /** How many messages a channel holds before dropping the oldest; 100,000 by default. */
    public B maxMessagesPerChannel(int maxMessagesPerChannel) {
        this.maxMessagesPerChannel = requirePositive(maxMessagesPerChannel, "maxMessagesPerChannel");
        return self();
    }

    /** How many channels the account may have; 50 by default. */
    public B maxChannels(int maxChannels) {
        this.maxChannels = requirePositive(maxChannels, "maxChannels");
        return self();
    }

    /** The seed of the fault draws, for repeatable runs; random by default. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * The largest request body accepted; a larger one is answered 413 before it is read (from its Content-Length, or
     * as soon as a chunked body goes past it). {@value #DEFAULT_MAX_REQUEST_BYTES} bytes by default.
     */
    public B maxRequestBytes(int maxRequestBytes) {
        this.maxRequestBytes = requirePositive(maxRequestBytes, "maxRequestBytes");
        return self();
    }

    /**
     * How long a client may take to send a request, headers and body; the connection of a request that takes longer
     * is closed. 30 seconds by default. The JDK's HTTP server reads the headers and takes this limit (in whole seconds)
     * from the first emulator started in the JVM.
     */
    public B readTimeout(Duration readTimeout) {
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, was " + readTimeout);
        }
        this.readTimeout = readTimeout;
        return self();
    }

    /**
     * A quota of BatchPutMessage per channel, in messages per second, as the service has (its published quota is
     * 100,000 messages per second per channel); 0, the default, for none. Each channel has a token bucket holding one
     * second's worth, full at first and refilled continuously; a call whose messages do not all fit is answered 429
     * ThrottlingException ("Rate exceeded"), takes nothing and stores nothing, and counts in
     * {@link Stats#throttledCalls()}. A quota below a call's number of messages refuses every such call.
     */
    public B channelQuota(int messagesPerSecond) {
        if (messagesPerSecond < 0) {
            throw new IllegalArgumentException("channelQuota must be 0 (none) or more, was " + messagesPerSecond);
        }
        this.channelQuota = messagesPerSecond;
        return self();
    }

    /** The monotonic nanosecond clock the channel quota refills by: for tests. */
    B quotaClock(LongSupplier nanoTime) {
        this.quotaClock = Objects.requireNonNull(nanoTime, "nanoTime");
        return self();
    }

    /** The clock the signature check compares {@code X-Amz-Date} with: for tests. */
    B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    EmulatorSettings settings() {
        return new EmulatorSettings(host, port, accessKeyId, secretAccessKey, region, accountId, dataDirectory,
                maxMessagesPerChannel, maxChannels, seed, maxRequestBytes, readTimeout, clock, channelQuota, quotaClock);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static int requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }
}
