package io.github.cameliotanalytics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/**
 * Send device messages to AWS IoT Analytics channels, batched from many exchanges (BatchPutMessage), and manage
 * channels.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "iotanalytics", title = "AWS IoT Analytics",
             syntax = "iotanalytics:channelName", producerOnly = true, category = { Category.CLOUD, Category.IOT },
             headersClass = IoTAnalyticsConstants.class)
public class IoTAnalyticsEndpoint extends DefaultEndpoint implements AsyncEndpoint, EndpointServiceLocation {

    @UriParam
    private final IoTAnalyticsConfiguration configuration;

    private IoTAnalyticsClient client;
    private final Set<IoTAnalyticsProducer> runningProducers = ConcurrentHashMap.newKeySet();

    public IoTAnalyticsEndpoint(String uri, IoTAnalyticsComponent component, IoTAnalyticsConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public IoTAnalyticsComponent getComponent() {
        return (IoTAnalyticsComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new IoTAnalyticsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("The iotanalytics component has no consumer: it only sends messages");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        client = configuration.getIotAnalyticsClient() != null
                ? configuration.getIotAnalyticsClient()
                : IoTAnalyticsClientFactory.create(configuration);
    }

    @Override
    protected void doStop() throws Exception {
        // producers flush their pending messages through the client: they stop before it closes
        ServiceHelper.stopService(runningProducers);
        if (configuration.getIotAnalyticsClient() == null && client != null) {
            client.close();
        }
        client = null;
        super.doStop();
    }

    public IoTAnalyticsConfiguration getConfiguration() {
        return configuration;
    }

    /** The client of this endpoint: the user's {@code iotAnalyticsClient}, or one built from the options. */
    public IoTAnalyticsClient getClient() {
        return client;
    }

    /** The started producers of this endpoint, for the dev console. */
    Set<IoTAnalyticsProducer> runningProducers() {
        return runningProducers;
    }

    @Override
    public String getServiceUrl() {
        if (configuration.isOverrideEndpoint() && configuration.getUriEndpointOverride() != null) {
            return configuration.getUriEndpointOverride();
        }
        return configuration.getRegion();
    }

    @Override
    public String getServiceProtocol() {
        return "iotanalytics";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return configuration.getChannelName() != null ? Map.of("channel", configuration.getChannelName()) : null;
    }
}
