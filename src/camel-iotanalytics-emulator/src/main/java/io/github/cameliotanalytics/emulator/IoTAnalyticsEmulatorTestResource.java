package io.github.cameliotanalytics.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs an emulator for a {@code @QuarkusTest} (or {@code @QuarkusIntegrationTest}) and hands Quarkus the properties
 * that point the Camel component at it ({@link IoTAnalyticsEmulator#camelComponentProperties()}):
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(IoTAnalyticsEmulatorTestResource.class)
 * class TelemetryRouteTest {
 *     IoTAnalyticsEmulator emulator; // injected: create channels, read messages
 * }
 * }</pre>
 * <p>
 * A field of type {@link IoTAnalyticsEmulator} in the test class receives the running emulator. Optional arguments
 * ({@code initArgs = @ResourceArg(name = "channels", value = "plant_readings")}):
 * <ul>
 * <li>{@code region}, {@code access-key} and {@code secret-key}: the emulator's region, and the keys it checks
 * signatures with (both keys, or neither: no signature check);</li>
 * <li>{@code channels}: channels to create before the application starts, comma-separated;</li>
 * <li>{@code properties}: the component options to return, comma-separated, in kebab-case (default: all five); the
 * application's own values of the others stay in force.</li>
 * </ul>
 * Needs {@code io.quarkus:quarkus-test-common}, which every Quarkus test has (an optional dependency of the emulator).
 */
public final class IoTAnalyticsEmulatorTestResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> args = Map.of();
    private IoTAnalyticsEmulator emulator;

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = Map.copyOf(initArgs);
        Set<String> known = Set.of("region", "access-key", "secret-key", "channels", "properties");
        for (String name : args.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown argument " + name + " of the emulator's test resource; one of "
                                                   + known);
            }
        }
        if (args.containsKey("access-key") != args.containsKey("secret-key")) {
            throw new IllegalArgumentException("Give both access-key and secret-key, or neither");
        }
    }

    @Override
    public synchronized Map<String, String> start() {
        if (emulator == null) {
            IoTAnalyticsEmulator.Builder builder = IoTAnalyticsEmulator.builder();
            if (args.containsKey("region")) {
                builder.region(args.get("region"));
            }
            if (args.containsKey("access-key")) {
                builder.credentials(args.get("access-key"), args.get("secret-key"));
            }
            emulator = builder.build().start();
            for (String channel : list("channels")) {
                emulator.createChannel(channel);
            }
        }
        return properties();
    }

    private Map<String, String> properties() {
        Set<String> options = list("properties").length == 0
                ? IoTAnalyticsEmulator.COMPONENT_OPTIONS : Set.of(list("properties"));
        Map<String, String> properties = new LinkedHashMap<>();
        emulator.camelComponentProperties().forEach((name, value) -> {
            String option = name.substring(IoTAnalyticsEmulator.COMPONENT_PROPERTIES.length());
            if (options.contains(option)) {
                properties.put(name, value);
            }
        });
        if (properties.size() != options.size()) {
            throw new IllegalArgumentException("properties names an option the emulator does not set: "
                                               + args.get("properties") + "; options: "
                                               + IoTAnalyticsEmulator.COMPONENT_OPTIONS);
        }
        return properties;
    }

    private String[] list(String arg) {
        String value = args.getOrDefault(arg, "").trim();
        return value.isEmpty() ? new String[0] : value.split("\\s*,\\s*");
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
