package io.github.cameliotanalytics.emulator;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs an emulator for a {@code @QuarkusTest} and hands Quarkus the properties that point the Camel component at it
 * ({@link IoTAnalyticsEmulator#camelComponentProperties()}):
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(IoTAnalyticsEmulatorTestResource.class)
 * class TelemetryRouteTest {
 *     IoTAnalyticsEmulator emulator; // injected: create channels, read messages
 * }
 * }</pre>
 * <p>
 * A field of type {@link IoTAnalyticsEmulator} in the test class receives the running emulator. Needs
 * {@code io.quarkus:quarkus-test-common}, which every Quarkus test has (an optional dependency of the emulator).
 */
public final class IoTAnalyticsEmulatorTestResource implements QuarkusTestResourceLifecycleManager {

    private IoTAnalyticsEmulator emulator;

    /** Starts an emulator with the default settings of {@link IoTAnalyticsEmulator#builder()}. */
    @Override
    public synchronized Map<String, String> start() {
        if (emulator == null) {
            emulator = IoTAnalyticsEmulator.builder().build().start();
        }
        return emulator.camelComponentProperties();
    }

    @Override
    public synchronized void stop() {
        if (emulator != null) {
            emulator.stop();
            emulator = null;
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator, new TestInjector.MatchesType(IoTAnalyticsEmulator.class));
    }
}
