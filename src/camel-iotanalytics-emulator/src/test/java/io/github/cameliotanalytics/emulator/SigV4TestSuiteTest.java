package io.github.cameliotanalytics.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signature check against cases of AWS's published SigV4 test suite (test resources {@code sigv4-test-suite/}):
 * the canonical request, string to sign and signature computed from each request are the published ones, and the
 * verifier accepts the request as signed and refuses it changed.
 */
class SigV4TestSuiteTest {

    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Clock SIGNING_TIME = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final Pattern AUTHORIZATION =
            Pattern.compile("AWS4-HMAC-SHA256 Credential=[^,]+, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private final SigV4Verifier verifier = new SigV4Verifier(ACCESS_KEY, SECRET_KEY, "us-east-1", "service",
            SIGNING_TIME);

    @ParameterizedTest
    @ValueSource(strings = {"get-vanilla", "post-vanilla", "get-vanilla-query-order-key-case",
        "get-vanilla-query-order-key", "get-vanilla-query-unreserved", "get-vanilla-empty-query-key",
        "get-header-value-trim", "post-header-key-sort", "post-x-www-form-urlencoded"})
    void computesThePublishedSignature(String name) throws IOException {
        SuiteRequest request = SuiteRequest.parse(resource(name + ".req"));
        Matcher authorization = AUTHORIZATION.matcher(resource(name + ".authz"));
        assertThat(authorization.matches()).isTrue();
        List<String> signedHeaders = List.of(authorization.group(1).split(";"));

        String canonicalRequest = SigV4Algorithm.canonicalRequest(request.method(), request.uri().getRawPath(),
                request.uri().getRawQuery(), signedHeaders,
                signedHeaders.stream().map(request.headers()::get).toList(),
                SigV4Algorithm.sha256Hex(request.body()));
        String stringToSign = SigV4Algorithm.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request",
                canonicalRequest);
        String signature = SigV4Algorithm.signature(
                SigV4Algorithm.signingKey(SECRET_KEY, "20150830", "us-east-1", "service"), stringToSign);

        String publishedCanonicalRequest = optionalResource(name + ".creq");
        if (publishedCanonicalRequest != null) {
            assertThat(canonicalRequest).isEqualTo(publishedCanonicalRequest);
        }
        String publishedStringToSign = optionalResource(name + ".sts");
        if (publishedStringToSign != null) {
            assertThat(stringToSign).isEqualTo(publishedStringToSign);
        }
        assertThat(signature).isEqualTo(authorization.group(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"get-vanilla", "post-vanilla", "get-vanilla-query-order-key",
        "get-header-value-trim", "post-x-www-form-urlencoded"})
    void acceptsTheSignedRequestAndRefusesItChanged(String name) throws IOException {
        SuiteRequest request = SuiteRequest.parse(resource(name + ".req"));
        String authorization = resource(name + ".authz");

        verifier.verify(request.signedWith(authorization).toSignedRequest());

        SuiteRequest changedQuery = new SuiteRequest(request.method(),
                URI.create(request.uri() + (request.uri().getRawQuery() == null ? "?" : "&") + "extra=1"),
                request.headers(), request.body());
        assertThatThrownBy(() -> verifier.verify(changedQuery.signedWith(authorization).toSignedRequest()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(ServiceError.INVALID_SIGNATURE);
                    assertThat(e.getMessage()).startsWith("The request signature we calculated does not match");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"get-vanilla"})
    void refusesTheSignedRequestWithAnotherSecret(String name) throws IOException {
        SuiteRequest request = SuiteRequest.parse(resource(name + ".req")).signedWith(resource(name + ".authz"));
        SigV4Verifier otherSecret = new SigV4Verifier(ACCESS_KEY, "other", "us-east-1", "service", SIGNING_TIME);

        assertThatThrownBy(() -> otherSecret.verify(request.toSignedRequest()))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(ServiceError.INVALID_SIGNATURE));
    }

    private static String resource(String name) throws IOException {
        String text = optionalResource(name);
        assertThat(text).as("test resource %s", name).isNotNull();
        return text;
    }

    private static String optionalResource(String name) throws IOException {
        try (InputStream in = SigV4TestSuiteTest.class.getResourceAsStream("/sigv4-test-suite/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A request of the suite's .req format: request line, "Name:value" header lines, blank line, body. */
    record SuiteRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

        static SuiteRequest parse(String text) {
            int blank = text.indexOf("\n\n");
            String head = blank < 0 ? text : text.substring(0, blank);
            byte[] body = blank < 0 ? new byte[0] : text.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
            String[] lines = head.split("\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon), n -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1));
            }
            return new SuiteRequest(requestLine[0], URI.create(requestLine[1]), headers, body);
        }

        SuiteRequest signedWith(String authorization) {
            Map<String, List<String>> signed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            signed.putAll(headers);
            signed.put("Authorization", List.of(authorization));
            return new SuiteRequest(method, uri, signed, body);
        }

        SigV4Verifier.SignedRequest toSignedRequest() {
            return new SigV4Verifier.SignedRequest(method, uri.getRawPath(), uri.getRawQuery(), headers::get, body);
        }
    }
}
