package io.github.cameliotanalytics.examples.quarkus;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;

/** A sensor that sends one reading a second to direct:readings (off in tests: quarkus.scheduler.enabled=false). */
@ApplicationScoped
public class SimulatedSensor {

    @Inject
    ProducerTemplate template;

    @Scheduled(every = "1s")
    void takeReading() {
        double temperature = 15 + ThreadLocalRandom.current().nextDouble(15);
        template.asyncSendBody("direct:readings",
                String.format(Locale.ROOT, "{\"deviceId\":\"sensor-5\",\"temperature\":%.2f}", temperature));
    }
}
