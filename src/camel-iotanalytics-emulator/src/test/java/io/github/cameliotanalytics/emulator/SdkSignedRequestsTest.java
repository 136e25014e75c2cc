package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed by the AWS SDK for Java 2.x's own signer (test scope only), checked by the emulator's verifier: paths
 * and queries that need encoding, repeated parameters, several values of a header, a body.
 */
class SdkSignedRequestsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final AwsCredentialsIdentity CREDENTIALS = AwsCredentialsIdentity.create("AKIDSDK", "sdk/secret+key");
    private final SigV4Verifier verifier = new SigV4Verifier("AKIDSDK", "sdk/secret+key", "eu-west-1",
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsAPostWithABody() {
        assertAccepted(request(SdkHttpMethod.POST, "/messages/batch", Map.of()),
                "{\"channelName\":\"c\",\"messages\":[{\"messageId\":\"1\",\"payload\":\"e30=\"}]}");
    }

    @Test
    void acceptsPathsAndQueriesThatNeedEncoding() {
        assertAccepted(request(SdkHttpMethod.GET, "/channels/caf%C3%A9%20au%20lait/sample", Map.of(
                "startTime", List.of("2020-01-01T00:00:00.123Z"),
                "nextToken", List.of("a+b/c=d e~f*g"),
                "tag", List.of("é", "B", "a"),
                "empty", List.of(""))), "");
    }

    @Test
    void acceptsAHeaderWithSeveralValuesAndRunsOfSpaces() {
        SdkHttpRequest request = request(SdkHttpMethod.GET, "/channels", Map.of()).toBuilder()
                .appendHeader("x-amz-meta-list", "one")
                .appendHeader("x-amz-meta-list", "  two   and  three ")
                .build();
        assertAccepted(request, "");
    }

    @Test
    void refusesTheSameRequestWithAnotherBody() {
        SdkHttpRequest signed = sign(request(SdkHttpMethod.POST, "/messages/batch", Map.of()), "{\"a\":1}");

        assertThatThrownBy(() -> verifier.verify(received(signed, "{\"a\":2}")))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error())
                                .isEqualTo(ServiceError.INVALID_SIGNATURE));
    }

    private void assertAccepted(SdkHttpRequest request, String body) {
        SdkHttpRequest signed = sign(request, body);

        assertThatCode(() -> verifier.verify(received(signed, body))).doesNotThrowAnyException();
    }

    private static SdkHttpRequest request(SdkHttpMethod method, String encodedPath,
                                          Map<String, List<String>> query) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
                .method(method)
                .protocol("http")
                .host("127.0.0.1")
                .port(4566)
                .encodedPath(encodedPath)
                .putHeader("Content-Type", "application/x-amz-json-1.1");
        query.forEach(builder::putRawQueryParameter);
        return builder.build();
    }

    private static SdkHttpRequest sign(SdkHttpRequest request, String body) {
        return AwsV4HttpSigner.create().sign(sign -> sign
                .identity(CREDENTIALS)
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iotanalytics")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC))).request();
    }

    /** The request as the emulator's HTTP server sees it: raw path and query of the wire, the headers, the body. */
    private static SigV4Verifier.SignedRequest received(SdkHttpRequest signed, String body) {
        Map<String, List<String>> headers = signed.headers();
        return new SigV4Verifier.SignedRequest(signed.method().name(), signed.getUri().getRawPath(),
                signed.getUri().getRawQuery(), headers::get, body.getBytes(StandardCharsets.UTF_8));
    }
}
