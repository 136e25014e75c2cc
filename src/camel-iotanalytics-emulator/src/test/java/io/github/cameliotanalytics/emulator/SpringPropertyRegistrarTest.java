package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/** A plain Spring test context (no Camel, no Boot) gets the component's properties from the registrar bean. */
@SpringJUnitConfig(SpringPropertyRegistrarTest.EmulatorConfiguration.class)
class SpringPropertyRegistrarTest {

    @Configuration(proxyBeanMethods = false)
    static class EmulatorConfiguration {
        @Bean
        static IoTAnalyticsEmulatorPropertyRegistrar iotAnalyticsEmulator() {
            return IoTAnalyticsEmulatorPropertyRegistrar.startEmulator();
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    IoTAnalyticsEmulatorPropertyRegistrar registrar;

    @Test
    void theEnvironmentPointsTheComponentAtTheRunningEmulator() {
        String endpoint = environment.getProperty("camel.component.iotanalytics.uri-endpoint-override");

        assertThat(endpoint).isEqualTo(registrar.emulator().getEndpoint().toString());
        assertThat(environment.getProperty("camel.component.iotanalytics.override-endpoint")).isEqualTo("true");
        assertThat(environment.getProperty("camel.component.iotanalytics.region")).isEqualTo("us-east-1");
        try (IoTAnalyticsClient client = TestWiringTest.clientOf(endpoint,
                environment.getProperty("camel.component.iotanalytics.region"),
                environment.getProperty("camel.component.iotanalytics.access-key"),
                environment.getProperty("camel.component.iotanalytics.secret-key"))) {
            client.createChannel(r -> r.channelName("from_spring"));
        }
        assertThat(registrar.emulator().messages("from_spring")).isEmpty();
        assertThat(registrar.emulator().client().listChannels(r -> { }).channelSummaries()).hasSize(1);
    }

    @Test
    void registeringOnlyLeavesTheOtherOptionsAloneAndRefusesUnknownNames() {
        try (IoTAnalyticsEmulatorPropertyRegistrar all = IoTAnalyticsEmulatorPropertyRegistrar.startEmulator()) {
            java.util.Map<String, String> registered = new java.util.LinkedHashMap<>();
            all.registeringOnly("uri-endpoint-override", "override-endpoint")
                    .accept((name, value) -> registered.put(name, String.valueOf(value.get())));

            assertThat(registered).containsOnly(
                    java.util.Map.entry("camel.component.iotanalytics.uri-endpoint-override",
                            all.emulator().getEndpoint().toString()),
                    java.util.Map.entry("camel.component.iotanalytics.override-endpoint", "true"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> all.registeringOnly("endpoint"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
        }
    }
}
