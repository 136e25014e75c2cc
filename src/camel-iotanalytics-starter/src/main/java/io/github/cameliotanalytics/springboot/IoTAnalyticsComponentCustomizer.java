package io.github.cameliotanalytics.springboot;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.cameliotanalytics.IoTAnalyticsComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.context.properties.BoundConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationContext;

/**
 * Copies onto the iotanalytics component the options set under {@code camel.component.iotanalytics}, and only those:
 * an option left out of the Spring environment keeps the value the component already has, so a component bean the
 * application declares keeps its own settings instead of getting the defaults of the properties class. The options
 * set are those Spring Boot recorded as bound ({@link BoundConfigurationProperties}). {@code configuration} is applied
 * first, so that the other options set land on it. An option that cannot be set on the component fails the start.
 */
final class IoTAnalyticsComponentCustomizer implements ComponentCustomizer {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(
            IoTAnalyticsComponentConfiguration.PREFIX);
    /** The properties of the auto-configuration itself, not options of the component. */
    private static final Set<String> STARTER_PROPERTIES = Set.of("enabled", "customizer");
    private static final String CONFIGURATION = "configuration";

    private final ApplicationContext applicationContext;
    private final IoTAnalyticsComponentConfiguration configuration;

    IoTAnalyticsComponentCustomizer(ApplicationContext applicationContext,
                                    IoTAnalyticsComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.configuration = configuration;
    }

    @Override
    public boolean isEnabled(String name, Component target) {
        return target instanceof IoTAnalyticsComponent
               && HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                                                           IoTAnalyticsComponentConfiguration.PREFIX + ".customizer");
    }

    @Override
    public void configure(String name, Component target) {
        Set<String> bound = boundOptionNames();
        Map<String, Object> values = CamelPropertiesHelper.getNonNullProperties(target.getCamelContext(), configuration);
        Map<String, Object> options = new LinkedHashMap<>();
        if (bound.contains(CONFIGURATION) && values.containsKey(CONFIGURATION)) {
            options.put(CONFIGURATION, values.get(CONFIGURATION));
        }
        values.forEach((option, value) -> {
            String uniform = option.toLowerCase(Locale.ROOT);
            if (bound.contains(uniform) && !STARTER_PROPERTIES.contains(uniform)) {
                options.putIfAbsent(option, value);
            }
        });
        CamelPropertiesHelper.setCamelProperties(target.getCamelContext(), target, options, true);
    }

    /** The options set under the prefix, in Spring's uniform form (lower case, no dashes): {@code batchsize}. */
    private Set<String> boundOptionNames() {
        BoundConfigurationProperties bound = BoundConfigurationProperties.get(applicationContext);
        if (bound == null) {
            throw new IllegalStateException("Spring Boot did not record which configuration properties were bound: "
                                            + "cannot tell the options set under " + PREFIX + " from defaults");
        }
        int depth = PREFIX.getNumberOfElements();
        return bound.getAll().keySet().stream()
                .filter(PREFIX::isAncestorOf)
                .map(property -> property.getElement(depth, ConfigurationPropertyName.Form.UNIFORM))
                .collect(Collectors.toSet());
    }
}
