package io.github.cameliotanalytics.examples.quarkus;

import java.time.Duration;
import java.util.List;

import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulatorTestResource;
import io.github.cameliotanalytics.emulator.StoredMessage;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged application (java -jar target/quarkus-app/quarkus-run.jar, prod profile: the simulated sensor
 * is on) against an emulator started in this JVM, and waits for its readings. It catches what @QuarkusTest cannot,
 * such as a class the test classpath has and the application does not.
 */
@QuarkusIntegrationTest
@WithTestResource(value = IoTAnalyticsEmulatorTestResource.class, initArgs = {
        // the region and keys of application.properties: the emulator checks signatures with them
        @ResourceArg(name = "region", value = "eu-west-1"),
        @ResourceArg(name = "access-key", value = "AKIDEXAMPLE"),
        @ResourceArg(name = "secret-key", value = "emulator-secret"),
        @ResourceArg(name = "channels", value = "plant_readings"),
        // only the emulator's address overrides application.properties
        @ResourceArg(name = "properties", value = "uri-endpoint-override") })
class PackagedApplicationIT {

    /** The running emulator, injected by its test resource. */
    IoTAnalyticsEmulator emulator;

    @Test
    void theSensorsReadingsReachTheChannel() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<StoredMessage> stored = List.of();
        while (stored.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stored = emulator.messages("plant_readings");
        }
        assertThat(stored).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(message -> message.payloadAsString().contains("\"deviceId\":\"sensor-5\""));
    }
}
