package io.github.cameliotanalytics.emulator;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/**
 * Builds the SDK client of {@link IoTAnalyticsEmulator#client()}. The only class of the emulator that uses the AWS SDK
 * (an optional dependency): it is loaded when {@code client()} is first called, never by the standalone program.
 */
final class SdkClientFactory {

    private SdkClientFactory() {
    }

    /** A client with the Apache HTTP client, retries off, this region and these static credentials. */
    static IoTAnalyticsClient create(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        return IoTAnalyticsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
