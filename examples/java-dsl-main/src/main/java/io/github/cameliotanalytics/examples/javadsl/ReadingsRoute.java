package io.github.cameliotanalytics.examples.javadsl;

import io.github.cameliotanalytics.dsl.IoTAnalyticsEndpointBuilderFactory.IoTAnalyticsBuilders;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Readings go to an IoT Analytics channel, with the endpoint written in the Endpoint DSL: {@code iotanalytics(...)}
 * comes from {@link IoTAnalyticsBuilders}, which ships with the component; {@code timer(...)} and {@code direct(...)}
 * come from {@link EndpointRouteBuilder}. The shared options (region, credentials, endpoint) are set on the component
 * in {@code application.properties}.
 */
public class ReadingsRoute extends EndpointRouteBuilder implements IoTAnalyticsBuilders {

    @Override
    public void configure() {
        // a simulated sensor, one reading a second; set readings.simulate=false to turn it off
        from(timer("sensor").period(1000))
                .routeId("sensor")
                .autoStartup("{{readings.simulate}}")
                .setBody(simple("{\"deviceId\":\"sensor-1\",\"temperature\":${random(150,300)}}"))
                .to(direct("readings"));

        from(direct("readings"))
                .routeId("readings")
                .to(iotanalytics("{{iotanalytics.channel}}")
                        .batchSize(50)            // messages per BatchPutMessage call
                        .batchTimeout(200)        // ms a reading waits for its batch to fill
                        .failOnErrorEntry(false)) // a rejected reading gets error headers, no exception
                .filter(header(iotanalytics().ioTAnalyticsErrorCode()).isNotNull())
                    .log("Reading ${header.CamelIoTAnalyticsMessageId} rejected: "
                         + "${header.CamelIoTAnalyticsErrorCode} ${header.CamelIoTAnalyticsErrorMessage}");
    }
}
