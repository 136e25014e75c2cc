package io.github.cameliotanalytics.bench;

import io.github.cameliotanalytics.IoTAnalyticsConfiguration;

/** What every case of the end-to-end benchmark shares: the options, the payloads and the emulator process. */
record Rig(EndToEndBenchmark.Options options, Payloads payloads, EmulatorControl emulator) {

    static final String CHANNEL = "bench_channel";
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "AKIDBENCHMARK";
    static final String SECRET_KEY = "benchmark-secret";

    /** Options for a client of the emulator with room for {@code maxInFlight} calls at once. */
    IoTAnalyticsConfiguration configuration(int maxInFlight) {
        IoTAnalyticsConfiguration configuration = new IoTAnalyticsConfiguration();
        toEmulator(configuration);
        configuration.setMaxInFlightBatches(maxInFlight);
        return configuration;
    }

    /** Points the options at the emulator, with the benchmark's credentials. */
    void toEmulator(IoTAnalyticsConfiguration configuration) {
        configuration.setRegion(REGION);
        configuration.setAccessKey(ACCESS_KEY);
        configuration.setSecretKey(SECRET_KEY);
        configuration.setOverrideEndpoint(true);
        configuration.setUriEndpointOverride(emulator.endpoint());
    }
}
