package io.github.cameliotanalytics.examples.storeandforward;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;

/**
 * Binds the embedded emulator as the bean {@code emulator}, started before the routes and stopped with Camel, with the
 * region and keys the component uses (see {@code application.properties}).
 */
@Configuration
public class EmulatorConfiguration implements CamelConfiguration {

    @PropertyInject("emulator.port")
    int port;
    @PropertyInject("camel.component.iotanalytics.region")
    String region;
    @PropertyInject("camel.component.iotanalytics.access-key")
    String accessKey;
    @PropertyInject("camel.component.iotanalytics.secret-key")
    String secretKey;
    @PropertyInject("iotanalytics.channel")
    String channel;

    @Override
    public void configure(CamelContext camel) {
        // bound here rather than with @BindToRegistry: Camel Main 4.18 post-processes a configuration class twice,
        // which would call a @BindToRegistry method (and start an emulator) twice
        camel.getRegistry().bind("emulator", EmbeddedEmulator.class,
                new EmbeddedEmulator(port, region, accessKey, secretKey, channel), "start", "stop");
    }
}
