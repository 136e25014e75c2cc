package io.github.cameliotanalytics.springboot;

import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A bean reference to a bean that does not exist fails the start, naming the bean, instead of being ignored. */
class BeanReferenceTest {

    @Test
    void aReferenceToNoBeanFailsTheStart() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                                                         IoTAnalyticsComponentAutoConfiguration.class))
                .withPropertyValues("camel.component.iotanalytics.iot-analytics-client=#bean:noSuchClient")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().isInstanceOf(NoSuchBeanDefinitionException.class)
                        .hasMessageContaining("noSuchClient"));
    }
}
