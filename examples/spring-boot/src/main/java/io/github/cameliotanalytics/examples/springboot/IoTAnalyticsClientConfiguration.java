package io.github.cameliotanalytics.examples.springboot;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClientBuilder;

/**
 * The IoT Analytics client, built by the application. Camel autowires it into the iotanalytics component, because
 * it is the only bean of type {@link IoTAnalyticsClient} (the component's {@code iotAnalyticsClient} option is
 * autowired); the component then ignores its own region, credentials and endpoint options.
 */
@Configuration
public class IoTAnalyticsClientConfiguration {

    @Bean(destroyMethod = "close")
    public IoTAnalyticsClient iotAnalyticsClient(@Value("${iotanalytics.region}") String region,
                                                 @Value("${iotanalytics.endpoint:}") String endpoint,
                                                 @Value("${iotanalytics.access-key:}") String accessKey,
                                                 @Value("${iotanalytics.secret-key:}") String secretKey) {
        AwsCredentialsProvider credentials = accessKey.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        IoTAnalyticsClientBuilder builder = IoTAnalyticsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(16))
                // the producer retries failed calls and rejected messages itself, within deliveryTimeout:
                // without this the SDK would retry each call too, and the retries would multiply
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
