package io.github.cameliotanalytics.examples.demo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import io.github.cameliotanalytics.IoTAnalyticsConstants;
import io.github.cameliotanalytics.IoTAnalyticsEndpoint;
import io.github.cameliotanalytics.IoTAnalyticsProducer;
import io.github.cameliotanalytics.emulator.IoTAnalyticsEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iotanalytics.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iotanalytics.model.SampleChannelDataResponse;

/**
 * The demo: simulated devices send readings through the {@code iotanalytics:} component for a while, with a progress
 * line each second, then a summary, a sample of the channel read back, and where the emulator wrote the messages.
 * <p>
 * By default it starts the IoT Analytics emulator in-process; with {@code DEMO_TARGET=aws} it talks to the region of
 * {@code AWS_REGION} with the default AWS credentials instead. See {@link DemoSettings} for every setting.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        DemoSettings settings = DemoSettings.fromEnvironment();
        run(settings, System.out);
    }

    public static DemoResult run(DemoSettings settings, PrintStream out) throws Exception {
        IoTAnalyticsEmulator emulator = null;
        Path dataFile = null;
        if (settings.useEmulator()) {
            // the JSON Lines file is appended to: start each run with an empty one
            dataFile = settings.dataDirectory().resolve(settings.channel() + ".jsonl");
            Files.deleteIfExists(dataFile);
            emulator = IoTAnalyticsEmulator.builder()
                    .port(0)                                   // any free port
                    .credentials(DemoSettings.EMULATOR_ACCESS_KEY, DemoSettings.EMULATOR_SECRET_KEY)
                    .region(settings.region())
                    .dataDirectory(settings.dataDirectory())   // <channel>.jsonl, one line per stored message
                    .build()
                    .start();
            out.println("IoT Analytics emulator listening on " + emulator.getEndpoint());
        }
        try {
            DemoResult result = runCamel(settings, emulator, out);
            if (emulator != null) {
                emulator.stop(); // flushes the data file
                out.printf(Locale.ROOT, "JSON Lines output: %s (%,d lines)%n", dataFile, countLines(dataFile));
            }
            return new DemoResult(result.readings(), result.badReadings(), result.sent(), result.failed(),
                    result.batches(), result.meanBatchSize(), result.rejectedByCode(), result.sample(),
                    result.storedMessages(), dataFile);
        } finally {
            if (emulator != null) {
                emulator.stop();
            }
        }
    }

    private static DemoResult runCamel(DemoSettings settings, IoTAnalyticsEmulator emulator, PrintStream out)
            throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            configureComponent(camel.getComponent("iotanalytics", IoTAnalyticsComponent.class), settings, emulator);
            DeviceSimulator devices = new DeviceSimulator(settings.devices(), settings.badEvery());
            Rejections rejections = new Rejections(out);
            DemoRoutes routes = new DemoRoutes(settings, devices, rejections);
            camel.addRoutes(routes);
            camel.start();

            ProducerTemplate template = camel.createProducerTemplate();
            createChannel(template, settings.channel());
            IoTAnalyticsProducer producer = producerOf(camel, routes.sendUri());

            out.printf(Locale.ROOT, "%d devices send a reading every %d ms to channel %s for %d s%n",
                    settings.devices(), settings.period().toMillis(), settings.channel(),
                    settings.duration().toSeconds());
            camel.getRouteController().startRoute(DemoRoutes.DEVICES_ROUTE);
            showProgress(producer, settings.duration(), out);

            // stop the devices, then let the readings already taken reach the channel
            camel.getRouteController().stopRoute(DemoRoutes.DEVICES_ROUTE);
            awaitOutcomes(camel, producer, devices.readings());

            out.println();
            out.println("Summary");
            out.printf(Locale.ROOT, "  readings taken     %,d (%,d with an invalid field name)%n",
                    devices.readings(), devices.badReadings());
            out.printf(Locale.ROOT, "  messages stored    %,d%n", producer.getMessagesSent());
            out.printf(Locale.ROOT, "  messages rejected  %,d%n", producer.getMessagesFailed());
            out.printf(Locale.ROOT, "  BatchPutMessage    %,d calls, %.1f messages per call on average%n",
                    producer.getBatchesSent(), producer.getMeanBatchSize());
            Map<String, Long> rejected = rejections.byCode();
            rejected.forEach((code, count) -> out.printf(Locale.ROOT, "  error %-24s %,d%n", code, count));

            List<String> sample = sample(template, settings.channel());
            out.println();
            out.println("Sample of channel " + settings.channel() + " (sampleChannelData):");
            sample.forEach(payload -> out.println("  " + payload));

            long stored = emulator != null ? emulator.messages(settings.channel()).size() : -1;
            return new DemoResult(devices.readings(), devices.badReadings(), producer.getMessagesSent(),
                    producer.getMessagesFailed(), producer.getBatchesSent(), producer.getMeanBatchSize(), rejected,
                    sample, stored, null);
        }
    }

    /** The options every iotanalytics: endpoint of the demo shares, set once on the component. */
    private static void configureComponent(IoTAnalyticsComponent component, DemoSettings settings,
                                           IoTAnalyticsEmulator emulator) {
        IoTAnalyticsConfiguration configuration = component.getConfiguration();
        configuration.setRegion(settings.region());
        if (emulator != null) {
            configuration.setAccessKey(emulator.getAccessKey());
            configuration.setSecretKey(emulator.getSecretKey());
            configuration.setOverrideEndpoint(true);
            configuration.setUriEndpointOverride(emulator.getEndpoint().toString());
        } else {
            // environment, system properties, ~/.aws profile, container or instance credentials
            configuration.setUseDefaultCredentialsProvider(true);
            if (settings.endpointUrl() != null) {
                configuration.setOverrideEndpoint(true);
                configuration.setUriEndpointOverride(settings.endpointUrl());
            }
        }
    }

    /** Creates the channel through the component; a channel that exists already is fine. */
    private static void createChannel(ProducerTemplate template, String channel) {
        try {
            template.sendBodyAndHeader("iotanalytics:" + channel, null,
                    IoTAnalyticsConstants.OPERATION, "createChannel");
        } catch (CamelExecutionException e) {
            if (!(e.getCause() instanceof ResourceAlreadyExistsException)) {
                throw e;
            }
        }
    }

    /** Reads up to five messages of the channel back with the sampleChannelData operation. */
    private static List<String> sample(ProducerTemplate template, String channel) {
        SampleChannelDataResponse response = template.requestBodyAndHeader(
                "iotanalytics:" + channel + "?operation=sampleChannelData", null,
                IoTAnalyticsConstants.MAX_MESSAGES, 5, SampleChannelDataResponse.class);
        return response.payloads().stream().map(SdkBytes::asUtf8String).toList();
    }

    /**
     * The producer of the send route. A route's producer is registered as a service of the context, so it can be
     * found by type; its statistics are also JMX attributes when camel-management is on the classpath.
     */
    private static IoTAnalyticsProducer producerOf(CamelContext camel, String uri) {
        IoTAnalyticsEndpoint endpoint = camel.getEndpoint(uri, IoTAnalyticsEndpoint.class);
        return camel.hasServices(IoTAnalyticsProducer.class).stream()
                .filter(producer -> producer.getEndpoint() == endpoint)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No producer for " + uri));
    }

    /** Prints one line a second: what the producer has done so far. */
    private static void showProgress(IoTAnalyticsProducer producer, Duration duration, PrintStream out)
            throws InterruptedException {
        long start = System.nanoTime();
        long previous = 0;
        for (int second = 1; second <= duration.toSeconds(); second++) {
            long next = start + TimeUnit.SECONDS.toNanos(second);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            long done = producer.getMessagesSent() + producer.getMessagesFailed();
            out.printf(Locale.ROOT,
                    "[%3ds] sent %,9d | rejected %,5d | batches %,7d | mean batch %5.1f | %,7d msg/s%n",
                    second, producer.getMessagesSent(), producer.getMessagesFailed(), producer.getBatchesSent(),
                    producer.getMeanBatchSize(), done - previous);
            previous = done;
        }
    }

    /**
     * Waits (at most 30 s) until the queue is empty, no exchange is in flight and the producer has counted the outcome
     * of every reading taken.
     */
    private static void awaitOutcomes(CamelContext camel, IoTAnalyticsProducer producer, long readings)
            throws InterruptedException {
        SedaEndpoint queue = camel.getEndpoint("seda:readings?size=10000", SedaEndpoint.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((queue.getCurrentQueueSize() > 0 || camel.getInflightRepository().size() > 0
                || producer.getMessagesSent() + producer.getMessagesFailed() < readings)
               && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static long countLines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }
}
