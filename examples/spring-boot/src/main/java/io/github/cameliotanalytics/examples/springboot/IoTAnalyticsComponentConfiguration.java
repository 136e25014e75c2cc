package io.github.cameliotanalytics.examples.springboot;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The iotanalytics component, configured from {@code camel.component.iotanalytics.*}.
 * <p>
 * camel-spring-boot applies {@code camel.component.<name>.*} properties only through a component's starter, and there
 * is no camel-iotanalytics-starter: without this class those properties would be ignored (the component would still
 * be found, through its META-INF/services file, with its default options). Binding the options onto an
 * {@link IoTAnalyticsConfiguration} bean with {@code @ConfigurationProperties} does what a starter would do, with the
 * same keys; the component bean named {@code iotanalytics} is the one Camel uses for {@code iotanalytics:} URIs.
 */
@Configuration
public class IoTAnalyticsComponentConfiguration {

    @Bean
    @ConfigurationProperties(prefix = "camel.component.iotanalytics")
    public IoTAnalyticsConfiguration iotAnalyticsConfiguration() {
        return new IoTAnalyticsConfiguration();
    }

    @Bean(name = "iotanalytics")
    public IoTAnalyticsComponent iotAnalyticsComponent(IoTAnalyticsConfiguration configuration) {
        IoTAnalyticsComponent component = new IoTAnalyticsComponent();
        component.setConfiguration(configuration);
        return component;
    }
}
