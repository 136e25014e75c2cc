package io.github.cameliotanalytics.client;

import java.net.URI;

import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds the {@link IoTAnalyticsClient} of an endpoint from its options: one routine for every credentials mode.
 * <p>
 * The client it builds does not retry: the producer retries whole calls and single rejected messages itself, within
 * {@code deliveryTimeout}, so that retries are not multiplied and only the messages that failed are sent again.
 */
public final class IoTAnalyticsClientFactory {

    private IoTAnalyticsClientFactory() {
    }

    /** Checks that the options name a way to get credentials; called when the endpoint is created. */
    public static void checkCredentials(IoTAnalyticsConfiguration configuration) {
        if (configuration.getIotAnalyticsClient() == null
                && !configuration.isUseDefaultCredentialsProvider()
                && !configuration.isUseProfileCredentialsProvider()
                && (configuration.getAccessKey() == null || configuration.getSecretKey() == null)) {
            throw new IllegalArgumentException(
                    "No credentials: set accessKey and secretKey (with sessionToken when useSessionCredentials=true),"
                                               + " or useDefaultCredentialsProvider=true, or useProfileCredentialsProvider=true,"
                                               + " or provide an IoTAnalyticsClient bean (iotAnalyticsClient)");
        }
        if (configuration.isUseSessionCredentials() && configuration.getSessionToken() == null
                && !configuration.isUseDefaultCredentialsProvider() && !configuration.isUseProfileCredentialsProvider()
                && configuration.getIotAnalyticsClient() == null) {
            throw new IllegalArgumentException("useSessionCredentials=true needs sessionToken");
        }
    }

    /** Builds a client for the given options; the caller closes it. */
    public static IoTAnalyticsClient create(IoTAnalyticsConfiguration configuration) {
        IoTAnalyticsClientBuilder builder = IoTAnalyticsClient.builder()
                .credentialsProvider(credentialsProvider(configuration))
                // a builder rather than a client: the SDK then closes the HTTP client (and its connections) with itself
                .httpClientBuilder(httpClientBuilder(configuration))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .build());
        if (configuration.getRegion() != null) {
            builder.region(Region.of(configuration.getRegion()));
        }
        if (configuration.isOverrideEndpoint() && configuration.getUriEndpointOverride() != null) {
            builder.endpointOverride(URI.create(configuration.getUriEndpointOverride()));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentialsProvider(IoTAnalyticsConfiguration configuration) {
        if (configuration.isUseDefaultCredentialsProvider()) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (configuration.isUseProfileCredentialsProvider()) {
            return configuration.getProfileCredentialsName() != null
                    ? ProfileCredentialsProvider.create(configuration.getProfileCredentialsName())
                    : ProfileCredentialsProvider.create();
        }
        if (configuration.isUseSessionCredentials()) {
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(
                    configuration.getAccessKey(), configuration.getSecretKey(), configuration.getSessionToken()));
        }
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(configuration.getAccessKey(), configuration.getSecretKey()));
    }

    private static SdkHttpClient.Builder<?> httpClientBuilder(IoTAnalyticsConfiguration configuration) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                // one connection per in-flight call, and a few for the management operations
                .maxConnections(configuration.getMaxInFlightBatches() + 4);
        if (configuration.getProxyHost() != null && configuration.getProxyPort() != null) {
            String scheme = configuration.getProxyProtocol().toString().toLowerCase(java.util.Locale.ROOT);
            http.proxyConfiguration(ProxyConfiguration.builder()
                    .endpoint(URI.create(scheme + "://" + configuration.getProxyHost() + ":" + configuration.getProxyPort()))
                    .build());
        }
        if (!configuration.isTrustAllCertificates()) {
            return http;
        }
        return new TrustAllCertificates(http);
    }

    /** Builds the HTTP client with certificate checks off, over the SDK's defaults for the service. */
    private record TrustAllCertificates(ApacheHttpClient.Builder http) implements SdkHttpClient.Builder<TrustAllCertificates> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            AttributeMap trustAll = AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE)
                    .build();
            return http.buildWithDefaults(trustAll.merge(serviceDefaults));
        }
    }
}
