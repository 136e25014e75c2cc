package io.github.cameliotanalytics.springboot;

import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration of the iotanalytics component: binds {@code camel.component.iotanalytics.*} and applies the
 * options set there to the component, whether Camel creates it or the application declares it as a bean. On unless
 * {@code camel.component.enabled} or {@code camel.component.iotanalytics.enabled} is false.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", IoTAnalyticsComponentConfiguration.PREFIX })
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, IoTAnalyticsComponentConfiguration.class })
public class IoTAnalyticsComponentAutoConfiguration {

    /** Binds {@code #bean:name} values of the clients, configuration and worker pool options to the beans they name. */
    @Bean
    @ConfigurationPropertiesBinding
    static BeanReferenceConverter iotAnalyticsBeanReferenceConverter(ApplicationContext applicationContext) {
        return new BeanReferenceConverter(applicationContext);
    }

    @Lazy
    @Bean
    ComponentCustomizer configureIoTAnalyticsComponent(ApplicationContext applicationContext,
                                                       IoTAnalyticsComponentConfiguration configuration) {
        return new IoTAnalyticsComponentCustomizer(applicationContext, configuration);
    }
}
