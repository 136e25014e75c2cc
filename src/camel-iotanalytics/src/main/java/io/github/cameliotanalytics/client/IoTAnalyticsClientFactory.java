package io.github.cameliotanalytics.client;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.github.cameliotanalytics.IoTAnalyticsConfiguration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientAsyncConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClient;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsAsyncClientBuilder;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds clients from an endpoint's options, with one routine for every credentials mode: the asynchronous client
 * ({@link #createAsync}, Netty) that an endpoint builds for itself when it is given no client, and the synchronous one
 * ({@link #create}, Apache HTTP client), for code of your own and for {@code iotAnalyticsClient}.
 * <p>
 * The clients it builds do not retry: the producer retries whole calls and single rejected messages itself, within
 * {@code deliveryTimeout}, so that retries are not multiplied and only the messages that failed are sent again.
 */
public final class IoTAnalyticsClientFactory {

    /** Connections beyond {@code maxInFlightBatches}, for the channel operations. */
    private static final int SPARE_CONNECTIONS = 4;

    private IoTAnalyticsClientFactory() {
    }

    /** Checks that the options name a way to get credentials; called when the endpoint is created. */
    public static void checkCredentials(IoTAnalyticsConfiguration configuration) {
        boolean ownClient = configuration.getIotAnalyticsClient() != null
                || configuration.getIotAnalyticsAsyncClient() != null;
        if (!ownClient
                && !configuration.isUseDefaultCredentialsProvider()
                && !configuration.isUseProfileCredentialsProvider()
                && (configuration.getAccessKey() == null || configuration.getSecretKey() == null)) {
            throw new IllegalArgumentException(
                    "No credentials: set accessKey and secretKey (with sessionToken when useSessionCredentials=true),"
                                               + " or useDefaultCredentialsProvider=true, or useProfileCredentialsProvider=true,"
                                               + " or provide an IoTAnalyticsClient or IoTAnalyticsAsyncClient bean"
                                               + " (iotAnalyticsClient, iotAnalyticsAsyncClient)");
        }
        if (configuration.isUseSessionCredentials() && configuration.getSessionToken() == null
                && !configuration.isUseDefaultCredentialsProvider() && !configuration.isUseProfileCredentialsProvider()
                && !ownClient) {
            throw new IllegalArgumentException("useSessionCredentials=true needs sessionToken");
        }
    }

    /** Builds a synchronous client (Apache HTTP client) for the given options; the caller closes it. */
    public static IoTAnalyticsClient create(IoTAnalyticsConfiguration configuration) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .maxConnections(configuration.getMaxInFlightBatches() + SPARE_CONNECTIONS);
        if (hasProxy(configuration)) {
            http.proxyConfiguration(ProxyConfiguration.builder()
                    .endpoint(URI.create(proxyScheme(configuration) + "://" + configuration.getProxyHost() + ":"
                                         + configuration.getProxyPort()))
                    .build());
        }
        SdkHttpClient.Builder<?> httpBuilder = configuration.isTrustAllCertificates() ? new TrustAll(http) : http;
        // a builder rather than a client: the SDK then closes the HTTP client (and its connections) with itself
        return configure(IoTAnalyticsClient.builder(), configuration, null).httpClientBuilder(httpBuilder).build();
    }

    /**
     * Builds an asynchronous client (Netty: a call in flight holds a connection, not a thread) for the given options,
     * with a connection for each call of {@code maxInFlightBatches}; the caller closes it.
     */
    public static IoTAnalyticsAsyncClient createAsync(IoTAnalyticsConfiguration configuration) {
        return createAsync(configuration, null);
    }

    /**
     * The threads an asynchronous client runs on, when its caller owns them: the caller closes the client, then shuts
     * them down, so that a stop ends them at once and none outlives it.
     *
     * @param timers     the timers of the calls that set an {@code apiCallTimeout}: a pool that drops a cancelled timer
     *                   at once (the SDK's own keeps it until it would have fired)
     * @param eventLoops the Netty event loops (the SDK's own end with a quiet period of two seconds)
     * @param responses  where the futures of the calls complete (the SDK's own pool is a thread per core)
     */
    public record ClientThreads(ScheduledExecutorService timers, SdkEventLoopGroup eventLoops, Executor responses) {
    }

    /** Builds an asynchronous client as {@link #createAsync(IoTAnalyticsConfiguration)} does, on the given threads. */
    public static IoTAnalyticsAsyncClient createAsync(IoTAnalyticsConfiguration configuration, ClientThreads threads) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(configuration.getMaxInFlightBatches() + SPARE_CONNECTIONS);
        if (threads != null) {
            http.eventLoopGroup(threads.eventLoops());
        }
        if (hasProxy(configuration)) {
            http.proxyConfiguration(software.amazon.awssdk.http.nio.netty.ProxyConfiguration.builder()
                    .scheme(proxyScheme(configuration))
                    .host(configuration.getProxyHost())
                    .port(configuration.getProxyPort())
                    .build());
        }
        SdkAsyncHttpClient.Builder<?> httpBuilder = configuration.isTrustAllCertificates() ? new TrustAllAsync(http) : http;
        IoTAnalyticsAsyncClientBuilder builder = configure(IoTAnalyticsAsyncClient.builder(), configuration,
                threads != null ? threads.timers() : null);
        if (threads != null) {
            builder.asyncConfiguration(ClientAsyncConfiguration.builder()
                    .advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, threads.responses())
                    .build());
        }
        return builder.httpClientBuilder(httpBuilder).build();
    }

    /** What both clients share: credentials, region, endpoint, no retries; the timer pool, if one is given. */
    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, IoTAnalyticsConfiguration configuration, ScheduledExecutorService timers) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(DefaultRetryStrategy.doNotRetry());
        if (timers != null) {
            overrides.scheduledExecutorService(timers);
        }
        builder.credentialsProvider(credentialsProvider(configuration)).overrideConfiguration(overrides.build());
        if (configuration.getRegion() != null) {
            builder.region(Region.of(configuration.getRegion()));
        }
        if (configuration.isOverrideEndpoint() && configuration.getUriEndpointOverride() != null) {
            builder.endpointOverride(URI.create(configuration.getUriEndpointOverride()));
        }
        return builder;
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

    private static boolean hasProxy(IoTAnalyticsConfiguration configuration) {
        return configuration.getProxyHost() != null && configuration.getProxyPort() != null;
    }

    private static String proxyScheme(IoTAnalyticsConfiguration configuration) {
        return configuration.getProxyProtocol().toString().toLowerCase(Locale.ROOT);
    }

    /** Certificate checks off, over the SDK's defaults for the service: only with {@code trustAllCertificates}. */
    private static AttributeMap trustAll(AttributeMap serviceDefaults) {
        return AttributeMap.builder().put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build()
                .merge(serviceDefaults);
    }

    private record TrustAll(ApacheHttpClient.Builder http) implements SdkHttpClient.Builder<TrustAll> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return http.buildWithDefaults(trustAll(serviceDefaults));
        }
    }

    private record TrustAllAsync(NettyNioAsyncHttpClient.Builder http) implements SdkAsyncHttpClient.Builder<TrustAllAsync> {
        @Override
        public SdkAsyncHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return http.buildWithDefaults(trustAll(serviceDefaults));
        }
    }
}
