package io.github.cameliotanalytics.examples.storeandforward;

import java.util.List;

import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IoT Analytics emulator, in-process on a fixed port, which can go away and come back. An emulator starts only
 * once, so each {@link #start()} builds a new one on the same port, with the channel created and empty. Called from the
 * outage route and from tests: every method is synchronized.
 */
public final class EmbeddedEmulator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEmulator.class);

    private final int port;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final String channel;
    private IoTAnalyticsEmulator running;

    public EmbeddedEmulator(int port, String region, String accessKey, String secretKey, String channel) {
        this.port = port;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.channel = channel;
    }

    /** Starts listening (a new emulator, with the channel created), unless it runs already. */
    public synchronized void start() {
        if (running != null) {
            return;
        }
        IoTAnalyticsEmulator emulator = IoTAnalyticsEmulator.builder()
                .port(port)
                .region(region)
                .credentials(accessKey, secretKey) // it checks every call's signature against these
                .build();
        emulator.createChannel(channel);
        running = emulator.start();
        LOG.info("IoT Analytics emulator listening on {}", running.getEndpoint());
    }

    /** Stops listening: calls are refused until the next {@link #start()}. */
    public synchronized void stop() {
        if (running != null) {
            running.stop();
            running = null;
            LOG.info("IoT Analytics emulator stopped");
        }
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    /** The messages stored in the channel since the last start; none while stopped. */
    public synchronized List<StoredMessage> messages() {
        return running != null ? running.messages(channel) : List.of();
    }
}
