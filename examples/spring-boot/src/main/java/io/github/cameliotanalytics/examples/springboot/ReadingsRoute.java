package io.github.cameliotanalytics.examples.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Readings go to the channel. The component's options (region, credentials, endpoint, batching) are
 * {@code camel.component.iotanalytics.*} in {@code application.properties}, applied by camel-iotanalytics-starter: the
 * URI only names the channel.
 */
@Component
public class ReadingsRoute extends RouteBuilder {

    @Override
    public void configure() {
        // a simulated sensor, one reading a second; set readings.simulate=false to turn it off
        from("timer:sensor?period=1000")
                .routeId("sensor")
                .autoStartup("{{readings.simulate}}")
                .setBody(simple("{\"deviceId\":\"sensor-4\",\"temperature\":${random(150,300)}}"))
                .to("direct:readings");

        from("direct:readings")
                .routeId("readings")
                .to("iotanalytics:{{iotanalytics.channel}}")
                .filter(header("CamelIoTAnalyticsErrorCode").isNotNull())
                    .log("Reading ${header.CamelIoTAnalyticsMessageId} rejected: "
                         + "${header.CamelIoTAnalyticsErrorCode} ${header.CamelIoTAnalyticsErrorMessage}");
    }
}
