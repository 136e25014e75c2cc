package io.github.cameliotanalytics.emulator;

import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Runs an emulator for a Spring (Boot) test context and registers the properties that point the Camel component at
 * it ({@link IoTAnalyticsEmulator#camelComponentProperties()}). Declare it as a bean:
 *
 * <pre>{@code
 * @TestConfiguration(proxyBeanMethods = false)
 * class EmulatorConfiguration {
 *     @Bean
 *     static IoTAnalyticsEmulatorPropertyRegistrar iotAnalyticsEmulator() {
 *         return IoTAnalyticsEmulatorPropertyRegistrar.startEmulator();
 *     }
 * }
 * }</pre>
 * <p>
 * The emulator starts when the bean is created and stops when the context closes ({@link #close()}, Spring's inferred
 * destroy method). Needs {@code org.springframework:spring-test} 6.2 or later (an optional dependency of the emulator).
 */
public final class IoTAnalyticsEmulatorPropertyRegistrar implements DynamicPropertyRegistrar, AutoCloseable {

    private final IoTAnalyticsEmulator emulator;

    private IoTAnalyticsEmulatorPropertyRegistrar(IoTAnalyticsEmulator emulator) {
        this.emulator = emulator;
    }

    /** Starts an emulator with the default settings of {@link IoTAnalyticsEmulator#builder()}. */
    public static IoTAnalyticsEmulatorPropertyRegistrar startEmulator() {
        return startEmulator(IoTAnalyticsEmulator.builder());
    }

    /** Starts an emulator with the settings of this builder. */
    public static IoTAnalyticsEmulatorPropertyRegistrar startEmulator(IoTAnalyticsEmulator.Builder builder) {
        return new IoTAnalyticsEmulatorPropertyRegistrar(builder.build().start());
    }

    /** The running emulator: to create channels, read messages and script faults in tests. */
    public IoTAnalyticsEmulator emulator() {
        return emulator;
    }

    /** Registers {@code camel.component.iotanalytics.*}: endpoint override, region and credentials. */
    @Override
    public void accept(DynamicPropertyRegistry registry) {
        emulator.camelComponentProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Stops the emulator. */
    @Override
    public void close() {
        emulator.stop();
    }
}
