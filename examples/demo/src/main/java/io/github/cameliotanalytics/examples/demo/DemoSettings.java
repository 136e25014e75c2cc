package io.github.cameliotanalytics.examples.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What the demo does, read from system properties ({@code -Ddemo.durationSeconds=30}) or, when absent, from environment
 * variables ({@code DEMO_DURATION_SECONDS=30}).
 *
 * @param target         {@code emulator} (the default: an emulator started in-process) or {@code aws} (the region of
 *                       {@code AWS_REGION}, credentials from the default provider chain, optionally another endpoint
 *                       in {@code IOTANALYTICS_ENDPOINT_URL})
 * @param duration       how long the devices send readings
 * @param devices        how many simulated devices
 * @param period         how often each device takes a reading
 * @param badEvery       every n-th reading gets an invalid field name ({@code temp-01}); 0 for none
 * @param channel        the channel the readings go to
 * @param dataDirectory  where the in-process emulator writes its JSON Lines files
 * @param region         the region: the emulator's, or the AWS one
 * @param endpointUrl    with target {@code aws}: an endpoint to use instead of the region's, or null
 */
public record DemoSettings(String target, Duration duration, int devices, Duration period, int badEvery,
                           String channel, Path dataDirectory, String region, String endpointUrl) {

    /** The in-process emulator checks every call's SigV4 signature against these (they are not AWS credentials). */
    public static final String EMULATOR_ACCESS_KEY = "AKIDDEMO";
    public static final String EMULATOR_SECRET_KEY = "demo-secret-key";

    public boolean useEmulator() {
        return !"aws".equals(target);
    }

    public static DemoSettings fromEnvironment() {
        String target = setting("demo.target", "DEMO_TARGET", "emulator").toLowerCase(Locale.ROOT);
        if (!target.equals("emulator") && !target.equals("aws")) {
            throw new IllegalArgumentException("demo.target must be emulator or aws, was " + target);
        }
        String defaultRegion = target.equals("aws") ? null : "eu-west-1";
        String region = setting("demo.region", "AWS_REGION", defaultRegion);
        if (region == null) {
            throw new IllegalArgumentException("With demo.target=aws, set AWS_REGION (or -Ddemo.region), e.g. eu-west-1");
        }
        String dataDirectory = setting("demo.dataDirectory", "DEMO_DATA_DIRECTORY",
                System.getProperty("demo.defaultDataDirectory", "target/demo-data"));
        return new DemoSettings(target,
                Duration.ofSeconds(Long.parseLong(setting("demo.durationSeconds", "DEMO_DURATION_SECONDS", "20"))),
                Integer.parseInt(setting("demo.devices", "DEMO_DEVICES", "20")),
                Duration.ofMillis(Long.parseLong(setting("demo.periodMillis", "DEMO_PERIOD_MILLIS", "10"))),
                Integer.parseInt(setting("demo.badEvery", "DEMO_BAD_EVERY", "997")),
                setting("demo.channel", "DEMO_CHANNEL", "demo_readings"),
                Path.of(dataDirectory).toAbsolutePath().normalize(),
                region,
                setting("demo.endpointUrl", "IOTANALYTICS_ENDPOINT_URL", null));
    }

    /** The same settings with another duration (the test runs the demo for a few seconds). */
    public DemoSettings withDuration(Duration newDuration) {
        return new DemoSettings(target, newDuration, devices, period, badEvery, channel, dataDirectory, region,
                endpointUrl);
    }

    private static String setting(String property, String variable, String defaultValue) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
