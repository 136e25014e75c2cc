package io.github.cameliotanalytics.examples.quarkus;

import java.util.Map;

import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts an emulator before the application and points the component at it (the returned properties override
 * application.properties).
 */
public class EmulatorTestResource implements QuarkusTestResourceLifecycleManager {

    private static IoTAnalyticsEmulator emulator;

    @Override
    public Map<String, String> start() {
        emulator = IoTAnalyticsEmulator.builder()
                .region("eu-west-1")
                .credentials("AKIDEXAMPLE", "emulator-secret") // the keys of application.properties
                .build()
                .start();
        emulator.createChannel("plant_readings");
        return Map.of("camel.component.iotanalytics.uri-endpoint-override", emulator.endpoint().toString());
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.stop();
        }
    }

    static IoTAnalyticsEmulator emulator() {
        return emulator;
    }
}
