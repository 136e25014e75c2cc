package io.github.cameliotanalytics.examples.quarkus;

import org.apache.camel.builder.RouteBuilder;

/**
 * Readings go to the channel. Camel Quarkus finds this route builder by itself; the component's options, shared by
 * every iotanalytics: endpoint, are {@code camel.component.iotanalytics.*} in {@code application.properties}.
 */
public class ReadingsRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:readings")
                .routeId("readings")
                .to("iotanalytics:{{iotanalytics.channel}}")
                .filter(header("CamelIoTAnalyticsErrorCode").isNotNull())
                    .log("Reading ${header.CamelIoTAnalyticsMessageId} rejected: "
                         + "${header.CamelIoTAnalyticsErrorCode} ${header.CamelIoTAnalyticsErrorMessage}");
    }
}
