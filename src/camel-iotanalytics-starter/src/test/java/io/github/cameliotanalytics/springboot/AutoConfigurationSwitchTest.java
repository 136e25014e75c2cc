package io.github.cameliotanalytics.springboot;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camel.component.iotanalytics.enabled} (default true) turns the auto-configuration on and off;
 * {@code camel.component.iotanalytics.customizer.enabled=false} keeps it but stops it from configuring the component.
 */
class AutoConfigurationSwitchTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                                                     IoTAnalyticsComponentAutoConfiguration.class))
            .withPropertyValues("camel.component.iotanalytics.batch-size=7");

    @Test
    void onByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(IoTAnalyticsComponentAutoConfiguration.class)
                    .hasSingleBean(IoTAnalyticsComponentConfiguration.class);
            assertThat(batchSize(context.getBean(CamelContext.class))).isEqualTo(7);
        });
    }

    @Test
    void enabledFalseTurnsItOff() {
        runner.withPropertyValues("camel.component.iotanalytics.enabled=false").run(context -> {
            assertThat(context).hasNotFailed()
                    .doesNotHaveBean(IoTAnalyticsComponentAutoConfiguration.class)
                    .doesNotHaveBean(IoTAnalyticsComponentConfiguration.class);
            // the component still works, with its own defaults
            assertThat(batchSize(context.getBean(CamelContext.class))).isEqualTo(100);
        });
    }

    @Test
    void customizerEnabledFalseLeavesTheComponentAlone() {
        runner.withPropertyValues("camel.component.iotanalytics.customizer.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(IoTAnalyticsComponentAutoConfiguration.class);
            assertThat(batchSize(context.getBean(CamelContext.class))).isEqualTo(100);
        });
    }

    private static int batchSize(CamelContext camel) {
        return camel.getComponent("iotanalytics", IoTAnalyticsComponent.class).getConfiguration().getBatchSize();
    }
}
