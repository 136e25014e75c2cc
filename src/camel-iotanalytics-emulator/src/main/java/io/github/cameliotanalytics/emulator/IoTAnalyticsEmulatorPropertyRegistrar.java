package io.github.cameliotanalytics.emulator;

import java.util.Map;
import java.util.Set;

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
 * <p>
 * Registered properties take precedence over {@code application.properties}. An application whose own file already
 * names the emulator's region and keys can keep them in force with {@link #registeringOnly(String...)}:
 *
 * <pre>{@code
 * return IoTAnalyticsEmulatorPropertyRegistrar.startEmulator(IoTAnalyticsEmulator.builder()
 *                 .region("eu-west-1").credentials("AKIDEXAMPLE", "emulator-secret"))
 *         .registeringOnly("uri-endpoint-override");
 * }</pre>
 */
public final class IoTAnalyticsEmulatorPropertyRegistrar implements DynamicPropertyRegistrar, AutoCloseable {

    private final IoTAnalyticsEmulator emulator;
    /** The component options registered, such as {@code region}; {@code null}: all of them. */
    private final Set<String> options;

    private IoTAnalyticsEmulatorPropertyRegistrar(IoTAnalyticsEmulator emulator, Set<String> options) {
        this.emulator = emulator;
        this.options = options;
    }

    /** Starts an emulator with the default settings of {@link IoTAnalyticsEmulator#builder()}. */
    public static IoTAnalyticsEmulatorPropertyRegistrar startEmulator() {
        return startEmulator(IoTAnalyticsEmulator.builder());
    }

    /** Starts an emulator with the settings of this builder. */
    public static IoTAnalyticsEmulatorPropertyRegistrar startEmulator(IoTAnalyticsEmulator.Builder builder) {
        return new IoTAnalyticsEmulatorPropertyRegistrar(builder.build().start(), null);
    }

    /**
     * A registrar of the same emulator that registers only these options of the component, in kebab-case
     * ({@code uri-endpoint-override}, {@code override-endpoint}, {@code region}, {@code access-key},
     * {@code secret-key}); the application's own values of the others stay in force.
     *
     * @throws IllegalArgumentException for a name that is not one of those five
     */
    public IoTAnalyticsEmulatorPropertyRegistrar registeringOnly(String... componentOptions) {
        Set<String> known = IoTAnalyticsEmulator.COMPONENT_OPTIONS;
        for (String option : componentOptions) {
            if (!known.contains(option)) {
                throw new IllegalArgumentException("Not an option the emulator registers: " + option + "; one of " + known);
            }
        }
        return new IoTAnalyticsEmulatorPropertyRegistrar(emulator, Set.of(componentOptions));
    }

    /** The running emulator: to create channels, read messages and script faults in tests. */
    public IoTAnalyticsEmulator emulator() {
        return emulator;
    }

    /**
     * Registers {@code camel.component.iotanalytics.*}: endpoint override, region and credentials, or the options named
     * with {@link #registeringOnly(String...)}.
     */
    @Override
    public void accept(DynamicPropertyRegistry registry) {
        for (Map.Entry<String, String> property : emulator.camelComponentProperties().entrySet()) {
            String option = property.getKey().substring(IoTAnalyticsEmulator.COMPONENT_PROPERTIES.length());
            if (options == null || options.contains(option)) {
                registry.add(property.getKey(), property::getValue);
            }
        }
    }

    /** Stops the emulator. */
    @Override
    public void close() {
        emulator.stop();
    }
}
