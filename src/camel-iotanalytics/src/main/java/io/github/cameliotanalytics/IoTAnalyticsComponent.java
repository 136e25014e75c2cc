package io.github.cameliotanalytics;

import java.util.Map;

import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code iotanalytics:} component: sends messages to AWS IoT Analytics channels in batches.
 */
@Component("iotanalytics")
public class IoTAnalyticsComponent extends HealthCheckComponent {

    @Metadata(description = "The options shared by every endpoint of this component")
    private IoTAnalyticsConfiguration configuration = new IoTAnalyticsConfiguration();

    public IoTAnalyticsComponent() {
        this(null);
    }

    public IoTAnalyticsComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("A channel name must be given: iotanalytics:<channelName>");
        }
        IoTAnalyticsConfiguration endpointConfiguration = configuration.copy();
        endpointConfiguration.setChannelName(remaining);
        IoTAnalyticsEndpoint endpoint = new IoTAnalyticsEndpoint(uri, this, endpointConfiguration);
        setProperties(endpoint, parameters);
        endpointConfiguration.validate();
        IoTAnalyticsClientFactory.checkCredentials(endpointConfiguration);
        return endpoint;
    }

    public IoTAnalyticsConfiguration getConfiguration() {
        return configuration;
    }

    /** The options shared by every endpoint of this component. */
    public void setConfiguration(IoTAnalyticsConfiguration configuration) {
        this.configuration = configuration;
    }
}
