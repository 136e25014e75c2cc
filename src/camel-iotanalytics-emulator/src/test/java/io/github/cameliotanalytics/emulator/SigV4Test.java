package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotanalytics.IoTAnalyticsClient;

/** Signature checks, with and without configured credentials. */
class SigV4Test {

    private static final String ACCESS_KEY = "AKIAEMULATOREXAMPLE";
    private static final String SECRET_KEY = "emulator/secret/key/EXAMPLE";

    static IoTAnalyticsClient clientFor(IoTAnalyticsEmulator emulator, String accessKey, String secretKey,
                                        String region) {
        return IoTAnalyticsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Nested
    class WithCredentials {

        @RegisterExtension
        final IoTAnalyticsEmulatorExtension emulator = IoTAnalyticsEmulatorExtension.builder()
                .credentials(ACCESS_KEY, SECRET_KEY)
                .build();

        @Test
        void acceptsCallsSignedWithTheConfiguredCredentials() {
            IoTAnalyticsClient client = emulator.emulator().client();

            client.createChannel(r -> r.channelName("signed"));
            client.batchPutMessage(r -> r.channelName("signed")
                    .messages(SdkConformanceTest.message("1", "{\"a\":1}")));
            client.describeChannel(r -> r.channelName("signed").includeStatistics(true));
            client.createChannel(r -> r.channelName("signed_too"));
            String nextToken = client.listChannels(r -> r.maxResults(1)).nextToken();
            client.listChannels(r -> r.maxResults(1).nextToken(nextToken));
            client.updateChannel(r -> r.channelName("signed").retentionPeriod(p -> p.numberOfDays(3)));
            client.deleteChannel(r -> r.channelName("signed_too"));

            assertThat(client.sampleChannelData(r -> r.channelName("signed").maxMessages(1)
                    .startTime(Instant.parse("2020-01-01T00:00:00.123Z")).endTime(Instant.now().plusSeconds(60)))
                    .payloads()).hasSize(1);
            assertThat(emulator.emulator().messages("signed")).hasSize(1);
        }

        @Test
        void rejectsAWrongSecretWithInvalidSignatureException() {
            try (IoTAnalyticsClient client = clientFor(emulator.emulator(), ACCESS_KEY, "wrong", "us-east-1")) {
                assertThatThrownBy(() -> client.listChannels(r -> { }))
                        .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(403);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        });
            }
        }

        @Test
        void rejectsAnUnknownAccessKeyWithUnrecognizedClientException() {
            try (IoTAnalyticsClient client = clientFor(emulator.emulator(), "AKIAOTHER", SECRET_KEY, "us-east-1")) {
                assertThatThrownBy(() -> client.createChannel(r -> r.channelName("nope")))
                        .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(403);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        });
            }
        }

        @Test
        void rejectsAnotherRegionInTheScope() {
            try (IoTAnalyticsClient client = clientFor(emulator.emulator(), ACCESS_KEY, SECRET_KEY, "eu-west-1")) {
                assertThatThrownBy(() -> client.listChannels(r -> { }))
                        .isInstanceOfSatisfying(AwsServiceException.class, e ->
                                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
            }
        }

        @Test
        void rejectsACallWithoutAuthorizationHeader() {
            RawHttp.assertError(RawHttp.get(emulator.emulator(), "/channels"), 403,
                    "MissingAuthenticationTokenException");
        }

        @Test
        void checksTheSignatureBeforeRoutingLikeAws() {
            RawHttp.assertError(RawHttp.get(emulator.emulator(), "/no/such/path"), 403,
                    "MissingAuthenticationTokenException");
        }

        @Test
        void storesNothingFromARejectedCall() {
            emulator.emulator().createChannel("guarded");
            try (IoTAnalyticsClient client = clientFor(emulator.emulator(), ACCESS_KEY, "wrong", "us-east-1")) {
                assertThatThrownBy(() -> client.batchPutMessage(r -> r.channelName("guarded")
                        .messages(SdkConformanceTest.message("1", "{}"))))
                        .isInstanceOf(AwsServiceException.class);
            }
            assertThat(emulator.emulator().messages("guarded")).isEmpty();
            assertThat(emulator.emulator().stats().batchCalls()).isZero();
        }
    }

    /**
     * A BatchPutMessage call exactly as the AWS CLI v2 (botocore) signed it, which does not sign
     * x-amz-content-sha256: captured with {@code aws --debug} against an emulator on port 4567.
     */
    @Nested
    class AwsCliSignature {

        private static final String BODY = "{\"channelName\": \"pre_made\", \"messages\": [{\"messageId\": \"1\","
                                           + " \"payload\": \"eyJ0ZW1wXzAxIjoyOX0=\"}]}";
        private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/"
                + "iotanalytics/aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=219123648be41e6d7c41cf270e394d9a85f90e2ecf1dfa99847aec2e3056b4e8";

        /** The emulator's clock reads the time of the capture, so the signature has not expired. */
        @RegisterExtension
        final IoTAnalyticsEmulatorExtension emulator = IoTAnalyticsEmulatorExtension.builder()
                .credentials("AKIDEXAMPLE", "secret123")
                .clock(Clock.fixed(Instant.parse("2026-11-26T08:31:00Z"), ZoneOffset.UTC))
                .build();

        @Test
        void acceptsTheCallAsSigned() throws IOException {
            emulator.emulator().createChannel("pre_made");

            String response = sendAsCaptured(BODY);

            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(emulator.emulator().messages("pre_made")).singleElement()
                    .satisfies(message -> assertThat(message.payloadAsString()).isEqualTo("{\"temp_01\":29}"));
        }

        @Test
        void rejectsTheCallWithATamperedBody() throws IOException {
            emulator.emulator().createChannel("pre_made");

            String response = sendAsCaptured(BODY.replace("\"1\"", "\"2\""));

            assertThat(response).startsWith("HTTP/1.1 403").contains("InvalidSignatureException");
            assertThat(emulator.emulator().messages("pre_made")).isEmpty();
        }

        /** Sends the captured request, whose signed Host header names port 4567, to the emulator's real port. */
        private String sendAsCaptured(String body) throws IOException {
            byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST /messages/batch HTTP/1.1\r\n"
                          + "Host: 127.0.0.1:4567\r\n"
                          + "Content-Type: application/json\r\n"
                          + "User-Agent: aws-cli/2.9.19\r\n"
                          + "X-Amz-Date: 20261126T083010Z\r\n"
                          + "Authorization: " + AUTHORIZATION + "\r\n"
                          + "Content-Length: " + bodyBytes.length + "\r\n"
                          + "Connection: close\r\n\r\n";
            try (Socket socket = new Socket("127.0.0.1", emulator.emulator().port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(bodyBytes);
                out.flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Nested
    class WithoutCredentials {

        @RegisterExtension
        final IoTAnalyticsEmulatorExtension emulator = IoTAnalyticsEmulatorExtension.create();

        @Test
        void acceptsAnyCredentials() {
            try (IoTAnalyticsClient client = clientFor(emulator.emulator(), "anything", "at-all", "ap-south-1")) {
                client.createChannel(r -> r.channelName("open"));
            }
            assertThat(emulator.emulator().client().listChannels(r -> { }).channelSummaries()).hasSize(1);
        }

        @Test
        void acceptsUnsignedCalls() {
            assertThat(RawHttp.post(emulator.emulator(), "/channels", "{\"channelName\":\"raw\"}").statusCode())
                    .isEqualTo(201);
        }
    }
}
