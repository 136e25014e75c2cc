package io.github.cameliotanalytics.springboot;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A component bean of the application keeps what it was given: only the options set in the properties are copied
 * onto it, not the defaults of the properties class (batchSize 100, failOnErrorEntry true, maxInFlightBatches 256).
 */
@SpringBootTest(classes = { TestApplication.class, UserComponentBeanTest.Beans.class },
                properties = { "camel.component.iotanalytics.region=eu-west-1",
                               "camel.component.iotanalytics.batch-timeout=75" })
class UserComponentBeanTest {

    @Autowired
    CamelContext camel;
    @Autowired
    IoTAnalyticsComponent userComponent;

    @Test
    void theBeanKeepsItsOwnSettingsAndGetsThoseOfThePropertiesOnly() {
        IoTAnalyticsComponent component = camel.getComponent("iotanalytics", IoTAnalyticsComponent.class);

        assertThat(component).isSameAs(userComponent);
        assertThat(component.getConfiguration().getBatchSize()).isEqualTo(42);
        assertThat(component.getConfiguration().isFailOnErrorEntry()).isFalse();
        assertThat(component.getConfiguration().getMaxInFlightBatches()).isEqualTo(3);
        assertThat(component.getConfiguration().getRegion()).isEqualTo("eu-west-1");
        assertThat(component.getConfiguration().getBatchTimeout()).isEqualTo(75);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {

        @Bean("iotanalytics")
        IoTAnalyticsComponent iotanalytics() {
            IoTAnalyticsComponent component = new IoTAnalyticsComponent();
            component.getConfiguration().setBatchSize(42);
            component.getConfiguration().setFailOnErrorEntry(false);
            component.getConfiguration().setMaxInFlightBatches(3);
            return component;
        }
    }
}
