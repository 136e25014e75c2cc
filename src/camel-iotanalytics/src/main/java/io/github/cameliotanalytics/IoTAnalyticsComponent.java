package io.github.cameliotanalytics;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.cameliotanalytics.client.IoTAnalyticsClientFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code iotanalytics:} component: sends messages to AWS IoT Analytics channels in batches.
 */
@Component("iotanalytics")
public class IoTAnalyticsComponent extends HealthCheckComponent {

    /**
     * The regions where AWS IoT Analytics has an endpoint ({@code https://iotanalytics.<region>.amazonaws.com}): the
     * only ones accepted without {@code overrideEndpoint=true}, since the SDK would send any other to a host that does
     * not exist.
     */
    static final List<String> SERVICE_REGIONS = List.of("us-east-1", "us-east-2", "us-west-2", "ap-south-1",
            "ap-southeast-2", "ap-northeast-1", "eu-central-1", "eu-west-1");
    /** The form of an AWS region id ({@code eu-west-1}, {@code us-gov-west-1}, {@code cn-north-1}...). */
    static final Pattern REGION_ID = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private static final Logger LOG = LoggerFactory.getLogger(IoTAnalyticsComponent.class);

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
        checkEndpointOverride(uri, endpointConfiguration);
        checkRegion(endpointConfiguration);
        IoTAnalyticsClientFactory.checkCredentials(endpointConfiguration);
        return endpoint;
    }

    /** A uriEndpointOverride without overrideEndpoint=true is not used: says so, as the camel-aws2 components do. */
    private static void checkEndpointOverride(String uri, IoTAnalyticsConfiguration configuration) {
        if (configuration.getUriEndpointOverride() != null && !configuration.isOverrideEndpoint()) {
            LOG.warn("Endpoint {}: uriEndpointOverride {} is ignored without overrideEndpoint=true; the requests go to"
                     + " the region's endpoint", uri, configuration.getUriEndpointOverride());
        }
    }

    /**
     * Refuses a region the requests could not go to: without an endpoint override, one where the service has no
     * endpoint; with one, anything that is not a region id (the signature still names the region).
     */
    private static void checkRegion(IoTAnalyticsConfiguration configuration) {
        String region = configuration.getRegion();
        if (region == null) {
            return;
        }
        boolean overridden = configuration.isOverrideEndpoint() && configuration.getUriEndpointOverride() != null;
        if (overridden && !REGION_ID.matcher(region).matches()) {
            throw new IllegalArgumentException("region=" + region + " is not an AWS region id: with overrideEndpoint=true"
                                               + " any id of the form eu-west-1 (such as us-gov-west-1 or cn-north-1) is"
                                               + " accepted; AWS IoT Analytics is served in " + SERVICE_REGIONS);
        }
        if (!overridden && !SERVICE_REGIONS.contains(region)) {
            throw new IllegalArgumentException("region=" + region + " is not a region where AWS IoT Analytics is served: "
                                               + "use one of " + SERVICE_REGIONS + ", or overrideEndpoint=true with"
                                               + " uriEndpointOverride for another endpoint");
        }
    }

    public IoTAnalyticsConfiguration getConfiguration() {
        return configuration;
    }

    /** The options shared by every endpoint of this component. */
    public void setConfiguration(IoTAnalyticsConfiguration configuration) {
        this.configuration = configuration;
    }
}
