package io.github.cameliotanalytics.emulator;

import java.net.URI;

import org.testcontainers.lifecycle.Startable;

/**
 * The emulator as a Testcontainers {@link Startable}, so that {@code @Testcontainers} and {@code @Container} start and
 * stop it like a container, with no Docker: it runs in the test's JVM.
 *
 * <pre>{@code
 * @Container
 * static final IoTAnalyticsEmulatorContainer EMULATOR = new IoTAnalyticsEmulatorContainer();
 * }</pre>
 * <p>
 * Needs {@code org.testcontainers:testcontainers} on the test classpath (an optional dependency of the emulator).
 * Each {@link #start()} after a {@link #stop()} runs a new emulator with the same settings.
 */
public final class IoTAnalyticsEmulatorContainer implements Startable {

    private final EmulatorSettings settings;
    private IoTAnalyticsEmulator emulator;

    /** An emulator with the default settings of {@link IoTAnalyticsEmulator#builder()}. */
    public IoTAnalyticsEmulatorContainer() {
        this(IoTAnalyticsEmulator.builder());
    }

    /** An emulator with the settings of this builder (which is read now, not kept). */
    public IoTAnalyticsEmulatorContainer(IoTAnalyticsEmulator.Builder builder) {
        this.settings = builder.settings();
    }

    @Override
    public synchronized void start() {
        if (emulator == null) {
            emulator = new IoTAnalyticsEmulator(settings).start();
        }
    }

    @Override
    public synchronized void stop() {
        if (emulator != null) {
            emulator.stop();
            emulator = null;
        }
    }

    /**
     * The running emulator.
     *
     * @throws IllegalStateException when it is not started
     */
    public synchronized IoTAnalyticsEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("The emulator is not started");
        }
        return emulator;
    }

    /** The base URL to give SDK clients and the component's {@code uriEndpointOverride}. */
    public URI getEndpoint() {
        return emulator().getEndpoint();
    }

    /** The region served. */
    public String getRegion() {
        return emulator().getRegion();
    }

    /** The access key id to sign calls with. */
    public String getAccessKey() {
        return emulator().getAccessKey();
    }

    /** The secret access key to sign calls with. */
    public String getSecretKey() {
        return emulator().getSecretKey();
    }
}
