package io.github.cameliotanalytics.springboot;

import java.util.Set;
import java.util.concurrent.ExecutorService;

import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/**
 * Converts a bean reference ({@code #bean:name}, {@code #name} or a plain bean name) to the bean of that name, for the
 * options whose type is an object: {@code iot-analytics-client}, {@code iot-analytics-async-client},
 * {@code configuration} and {@code worker-pool}. A name no bean has, or a bean of another type, fails the binding with
 * Spring's exception naming it.
 */
final class BeanReferenceConverter implements GenericConverter {

    private static final String BEAN_PREFIX = "#bean:";

    private final BeanFactory beans;

    BeanReferenceConverter(BeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return Set.of(new ConvertiblePair(String.class, IoTAnalyticsClient.class),
                      new ConvertiblePair(String.class, IoTAnalyticsAsyncClient.class),
                      new ConvertiblePair(String.class, IoTAnalyticsConfiguration.class),
                      new ConvertiblePair(String.class, ExecutorService.class));
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        return beans.getBean(beanName(source.toString().trim()), targetType.getType());
    }

    private static String beanName(String reference) {
        if (reference.startsWith(BEAN_PREFIX)) {
            return reference.substring(BEAN_PREFIX.length());
        }
        return reference.startsWith("#") ? reference.substring(1) : reference;
    }
}
