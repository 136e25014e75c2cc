package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/** The getters in LocalStack's style, the component's properties and the Quarkus test resource, without Quarkus. */
class TestWiringTest {

    @Test
    void gettersSignCallsTheEmulatorAccepts() {
        try (IoTAnalyticsEmulator emulator = IoTAnalyticsEmulator.builder().credentials("AKIAWIRING", "wiring/secret")
                .region("eu-west-1").build().start();
             IoTAnalyticsClient client = clientOf(emulator.getEndpoint().toString(), emulator.getRegion(),
                     emulator.getAccessKey(), emulator.getSecretKey())) {
            client.createChannel(r -> r.channelName("wired"));

            assertThat(emulator.getRegion()).isEqualTo("eu-west-1");
            assertThat(emulator.getAccessKey()).isEqualTo("AKIAWIRING");
            assertThat(client.listChannels(r -> { }).channelSummaries()).hasSize(1);
        }
    }

    @Test
    void componentPropertiesPointAtTheEmulator() {
        try (IoTAnalyticsEmulator emulator = IoTAnalyticsEmulator.builder().build().start()) {
            assertThat(emulator.camelComponentProperties()).containsExactly(
                    Map.entry("camel.component.iotanalytics.uri-endpoint-override", emulator.endpoint().toString()),
                    Map.entry("camel.component.iotanalytics.override-endpoint", "true"),
                    Map.entry("camel.component.iotanalytics.region", "us-east-1"),
                    Map.entry("camel.component.iotanalytics.access-key", "emulator"),
                    Map.entry("camel.component.iotanalytics.secret-key", "emulator"));
        }
    }

    @Test
    void quarkusTestResourceStartsAnsweringAndStops() {
        IoTAnalyticsEmulatorTestResource resource = new IoTAnalyticsEmulatorTestResource();
        Map<String, String> properties = resource.start();
        String endpoint = properties.get("camel.component.iotanalytics.uri-endpoint-override");
        try (IoTAnalyticsClient client = clientOf(endpoint, properties.get("camel.component.iotanalytics.region"),
                properties.get("camel.component.iotanalytics.access-key"),
                properties.get("camel.component.iotanalytics.secret-key"))) {
            client.createChannel(r -> r.channelName("from_quarkus"));
            Holder holder = new Holder();
            resource.inject((Object) holder);
            resource.inject(new FieldInjector(holder));

            assertThat(properties).containsEntry("camel.component.iotanalytics.override-endpoint", "true")
                    .hasSize(5);
            assertThat(holder.emulator.messages("from_quarkus")).isEmpty();
            assertThat(client.listChannels(r -> { }).channelSummaries()).hasSize(1);

            resource.stop();

            assertThatThrownBy(() -> client.listChannels(r -> { })).isInstanceOf(Exception.class);
        } finally {
            resource.stop();
        }
    }

    @Test
    void quarkusTestResourceTakesRegionKeysChannelsAndTheOptionsToReturn() {
        IoTAnalyticsEmulatorTestResource resource = new IoTAnalyticsEmulatorTestResource();
        resource.init(Map.of("region", "eu-west-1", "access-key", "AKIDEXAMPLE", "secret-key", "emulator-secret",
                "channels", "plant_readings, other", "properties", "uri-endpoint-override"));
        try {
            Map<String, String> properties = resource.start();
            assertThat(properties).containsOnlyKeys("camel.component.iotanalytics.uri-endpoint-override");
            String endpoint = properties.get("camel.component.iotanalytics.uri-endpoint-override");
            try (IoTAnalyticsClient signed = clientOf(endpoint, "eu-west-1", "AKIDEXAMPLE", "emulator-secret");
                 IoTAnalyticsClient wrongKey = clientOf(endpoint, "eu-west-1", "AKIDEXAMPLE", "another-secret")) {
                assertThat(signed.listChannels(r -> { }).channelSummaries())
                        .extracting(summary -> summary.channelName()).containsExactlyInAnyOrder("plant_readings", "other");
                // the emulator checks signatures with the keys it was given
                assertThatThrownBy(() -> wrongKey.listChannels(r -> { })).isInstanceOf(Exception.class);
            }
        } finally {
            resource.stop();
        }
    }

    @Test
    void quarkusTestResourceRefusesArgumentsItDoesNotKnow() {
        IoTAnalyticsEmulatorTestResource resource = new IoTAnalyticsEmulatorTestResource();
        assertThatThrownBy(() -> resource.init(Map.of("chanels", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chanels");
        assertThatThrownBy(() -> resource.init(Map.of("access-key", "x"))).isInstanceOf(IllegalArgumentException.class);
        resource.init(Map.of("properties", "region,endpoint"));
        try {
            assertThatThrownBy(resource::start).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("region,endpoint");
        } finally {
            resource.stop();
        }
    }

    static final class Holder {
        IoTAnalyticsEmulator emulator;
    }

    /** Injects as Quarkus does: into the fields the predicate picks. */
    private record FieldInjector(Object testInstance)
            implements io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector {
        @Override
        public void injectIntoFields(Object value, java.util.function.Predicate<java.lang.reflect.Field> predicate) {
            for (java.lang.reflect.Field field : testInstance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    static IoTAnalyticsClient clientOf(String endpoint, String region, String accessKey, String secretKey) {
        return IoTAnalyticsClient.builder()
                .endpointOverride(java.net.URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .overrideConfiguration(c -> c.retryStrategy(
                        software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
