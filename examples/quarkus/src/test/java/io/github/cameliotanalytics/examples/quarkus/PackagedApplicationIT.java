package io.github.cameliotanalytics.examples.quarkus;

import java.time.Duration;
import java.util.List;

import io.github.cameliotanalytics.emulator.StoredMessage;
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
@WithTestResource(EmulatorTestResource.class)
class PackagedApplicationIT {

    @Test
    void theSensorsReadingsReachTheChannel() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<StoredMessage> stored = List.of();
        while (stored.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stored = EmulatorTestResource.emulator().messages("plant_readings");
        }
        assertThat(stored).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(message -> message.payloadAsString().contains("\"deviceId\":\"sensor-5\""));
    }
}
