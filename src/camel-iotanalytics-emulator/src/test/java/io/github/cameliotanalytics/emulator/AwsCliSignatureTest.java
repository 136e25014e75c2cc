package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls signed by the AWS CLI v2 (which does not sign {@code x-amz-content-sha256}), sent to the emulator on loopback.
 * Skipped when {@code /usr/bin/aws} is absent or has no {@code iotanalytics} command (Debian's {@code awscli} 2.9 has
 * it).
 */
class AwsCliSignatureTest {

    private static final Path AWS = Path.of("/usr/bin/aws");
    private static final String ACCESS_KEY = "AKIDCLIEXAMPLE";
    private static final String SECRET_KEY = "cli/secret+key/EXAMPLE";

    @RegisterExtension
    final IoTAnalyticsEmulatorExtension emulator = IoTAnalyticsEmulatorExtension.builder()
            .credentials(ACCESS_KEY, SECRET_KEY)
            .region("eu-central-1")
            .build();

    @TempDir
    Path home;

    @Test
    void acceptsCallsSignedByTheCliAndRefusesAnotherSecret() throws Exception {
        assumeTrue(Files.isExecutable(AWS), "no AWS CLI at /usr/bin/aws");
        Result created = aws(SECRET_KEY, "create-channel", "--channel-name", "from_cli");
        assumeFalse(created.stderr().contains("Invalid choice"), "this AWS CLI has no iotanalytics command");

        Result sent = aws(SECRET_KEY, "batch-put-message", "--channel-name", "from_cli", "--cli-binary-format",
                "raw-in-base64-out", "--messages", "[{\"messageId\":\"1\",\"payload\":\"{\\\"temp_01\\\":29}\"}]");
        Result sampled = aws(SECRET_KEY, "sample-channel-data", "--channel-name", "from_cli", "--max-messages", "5",
                "--start-time", "2020-01-01T00:00:00Z");
        Result refused = aws("wrong-secret", "list-channels");

        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(sent.exitCode()).as(sent.stderr()).isZero();
        assertThat(sampled.exitCode()).as(sampled.stderr()).isZero();
        assertThat(sampled.stdout()).contains("eyJ0ZW1wXzAxIjoyOX0=");
        assertThat(emulator.emulator().messages("from_cli")).singleElement()
                .satisfies(message -> assertThat(message.payloadAsString()).isEqualTo("{\"temp_01\":29}"));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("InvalidSignatureException");
    }

    private Result aws(String secret, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url",
                emulator.emulator().endpoint().toString(), "--region", "eu-central-1", "--output", "json",
                "iotanalytics"));
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.toLowerCase().endsWith("_proxy"));
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        env.put("NO_PROXY", "*");
        Path out = home.resolve("stdout.txt");
        Path err = home.resolve("stderr.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the AWS CLI answered within 120 s").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
