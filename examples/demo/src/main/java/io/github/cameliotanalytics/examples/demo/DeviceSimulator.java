package io.github.cameliotanalytics.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameliotanalytics.IoTAnalyticsConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * A fleet of temperature sensors. Each call of {@link #readAll(Exchange)} takes one reading per device: the body
 * becomes a list of messages, each a JSON document with its messageId in a header (the splitter keeps the headers of
 * the messages it splits).
 * <p>
 * Every {@code badEvery}-th reading names its temperature field {@code temp-01}: IoT Analytics accepts only letters,
 * digits and underscores in field names, so these readings are rejected with {@code InvalidRequestException}.
 */
public class DeviceSimulator {

    private final int devices;
    private final int badEvery;
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong badReadings = new AtomicLong();

    public DeviceSimulator(int devices, int badEvery) {
        this.devices = devices;
        this.badEvery = badEvery;
    }

    /** One reading from each device, as the body: a list of messages, one per device. */
    public void readAll(Exchange exchange) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Message> batch = new ArrayList<>(devices);
        for (int device = 1; device <= devices; device++) {
            long sequence = readings.incrementAndGet();
            boolean bad = badEvery > 0 && sequence % badEvery == 0;
            if (bad) {
                badReadings.incrementAndGet();
            }
            String deviceId = String.format(Locale.ROOT, "sensor-%02d", device);
            String json = String.format(Locale.ROOT,
                    "{\"deviceId\":\"%s\",\"seq\":%d,\"%s\":%.2f,\"humidity\":%.1f,\"ts\":%d}",
                    deviceId, sequence, bad ? "temp-01" : "temperature",
                    18 + device * 0.25 + random.nextGaussian() * 0.3, 40 + random.nextDouble() * 20,
                    System.currentTimeMillis());
            Message reading = new DefaultMessage(exchange);
            reading.setBody(json);
            // a readable messageId (1 to 128 ASCII characters, unique within a batch)
            reading.setHeader(IoTAnalyticsConstants.MESSAGE_ID, deviceId + "-" + sequence);
            batch.add(reading);
        }
        exchange.getMessage().setBody(batch);
    }

    public long readings() {
        return readings.get();
    }

    public long badReadings() {
        return badReadings.get();
    }
}
