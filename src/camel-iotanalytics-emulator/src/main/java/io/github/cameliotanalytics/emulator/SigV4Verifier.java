package io.github.cameliotanalytics.emulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * Checks the AWS Signature Version 4 of each call by signing the received request again with the SDK's own signer,
 * at the request's {@code X-Amz-Date}, and comparing the signatures.
 * <p>
 * {@link AwsV4HttpSigner} always adds and signs {@code x-amz-content-sha256}, as the AWS SDK for Java 2.x does. Calls
 * that did not sign that header (the AWS CLI, boto3 and most other SDKs) are signed again with the SDK's previous
 * signer, {@link Aws4Signer}, which signs exactly the headers it is given. Only the {@code Authorization} header form
 * is accepted (no presigned URLs); a session token is signed but not checked. As at AWS, a request signed more than
 * 15 minutes before or after the emulator's clock is refused.
 */
final class SigV4Verifier {

    static final String SERVICE = "iotanalytics";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private static final String CONTENT_SHA256 = "x-amz-content-sha256";
    /** The clock skew AWS allows between a request's X-Amz-Date and its own clock. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final AwsV4HttpSigner httpSigner = AwsV4HttpSigner.create();
    @SuppressWarnings("deprecation")
    private final Aws4Signer aws4Signer = Aws4Signer.create();
    private final AwsCredentialsIdentity credentials;
    private final String region;
    private final Clock clock;

    SigV4Verifier(String accessKeyId, String secretAccessKey, String region, Clock clock) {
        this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
        this.region = region;
        this.clock = clock;
    }

    /**
     * Verifies a call.
     *
     * @throws ApiException 403 MissingAuthenticationTokenException without an Authorization header,
     *                      IncompleteSignatureException when it or X-Amz-Date is malformed, UnrecognizedClientException
     *                      for another access key, InvalidSignatureException for a date more than 15 minutes off
     *                      ("Signature expired: ..." or "Signature not yet current: ..."), another scope or signature
     */
    void verify(HttpExchange exchange, byte[] body) {
        Headers headers = exchange.getRequestHeaders();
        String authorization = headers.getFirst("Authorization");
        if (authorization == null) {
            throw new ApiException(ServiceError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        Map<String, String> parts = authorizationParts(authorization);
        String[] scope = parts.get("Credential").split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw incomplete("Credential must have the form <access key>/<date>/<region>/<service>/aws4_request");
        }
        if (!credentials.accessKeyId().equals(scope[0])) {
            throw new ApiException(ServiceError.UNRECOGNIZED_CLIENT,
                    "The security token included in the request is invalid.");
        }
        Instant signedAt = amzDate(headers);
        if (!AMZ_DATE.format(signedAt).startsWith(scope[1])) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + AMZ_DATE.format(signedAt).substring(0, 8) + "'");
        }
        checkSkew(signedAt);
        if (!region.equals(scope[2])) {
            throw invalid("Credential should be scoped to a valid region, not '" + scope[2] + "'. This emulator serves '"
                    + region + "'.");
        }
        if (!SERVICE.equals(scope[3])) {
            throw invalid("Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        String expected = signatureOf(exchange, body, parts.get("SignedHeaders"), signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.get("Signature").getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("The request signature we calculated does not match the signature you provided. Check your"
                    + " AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
    }

    /** Refuses a date outside the allowed skew, in the words AWS uses for a signature too old or not yet current. */
    private void checkSkew(Instant signedAt) {
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + AMZ_DATE.format(signedAt) + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + AMZ_DATE.format(signedAt) + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    private String signatureOf(HttpExchange exchange, byte[] body, String signedHeaders, Instant signedAt) {
        URI uri = exchange.getRequestURI();
        // the signers write the Host header from these: they must be the ones the client signed
        URI signedHost = hostOf(exchange);
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(exchange.getRequestMethod()))
                .protocol("http")
                .host(signedHost.getHost())
                .port(signedHost.getPort())
                .encodedPath(uri.getRawPath());
        Router.parseQuery(uri.getRawQuery()).forEach(request::putRawQueryParameter);
        for (String name : signedHeaders.split(";")) {
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values == null) {
                throw invalid("Signed header " + name + " is missing from the request");
            }
            request.putHeader(name, values);
        }
        Clock signingClock = Clock.fixed(signedAt, ZoneOffset.UTC);
        SdkHttpFullRequest received = request.build();
        SdkHttpRequest signed = received.firstMatchingHeader(CONTENT_SHA256).isPresent()
                ? signWithHttpSigner(received, body, signingClock)
                : signWithAws4Signer(received.toBuilder().contentStreamProvider(
                        ContentStreamProvider.fromByteArrayUnsafe(body)).build(), signingClock);
        return authorizationParts(signed.firstMatchingHeader("Authorization").orElse("")).get("Signature");
    }

    private SdkHttpRequest signWithHttpSigner(SdkHttpFullRequest request, byte[] body, Clock signingClock) {
        return httpSigner.sign(sign -> sign
                .identity(credentials)
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, signingClock)).request();
    }

    /** The previous signer is deprecated, but it is the SDK's only one that leaves x-amz-content-sha256 out. */
    @SuppressWarnings("deprecation")
    private SdkHttpRequest signWithAws4Signer(SdkHttpFullRequest request, Clock signingClock) {
        return aws4Signer.sign(request, Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()))
                .signingName(SERVICE)
                .signingRegion(Region.of(region))
                .signingClockOverride(signingClock)
                .build());
    }

    /** The host and port of the Host header, else of the local address. */
    private static URI hostOf(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null) {
            try {
                URI parsed = URI.create("http://" + host);
                if (parsed.getHost() != null) {
                    return parsed;
                }
            } catch (IllegalArgumentException malformed) {
                throw invalid("Malformed Host header: " + host);
            }
        }
        String local = exchange.getLocalAddress().getHostString();
        return URI.create("http://" + (local.contains(":") ? "[" + local + "]" : local) + ":"
                          + exchange.getLocalAddress().getPort());
    }

    private static Map<String, String> authorizationParts(String authorization) {
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw incomplete("Authorization header must use the " + ALGORITHM + " algorithm");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
            }
        }
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (!parts.containsKey(required)) {
                throw incomplete("Authorization header requires '" + required + "' parameter. Authorization="
                        + authorization);
            }
        }
        return parts;
    }

    private static Instant amzDate(Headers headers) {
        String date = headers.getFirst("X-Amz-Date");
        if (date == null) {
            throw incomplete("Authorization header requires existence of a 'X-Amz-Date' header.");
        }
        try {
            return Instant.from(AMZ_DATE.parse(date));
        } catch (DateTimeParseException e) {
            throw incomplete("X-Amz-Date must have the form yyyyMMdd'T'HHmmss'Z', was " + date);
        }
    }

    private static ApiException incomplete(String message) {
        return new ApiException(ServiceError.INCOMPLETE_SIGNATURE, message);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ServiceError.INVALID_SIGNATURE, message);
    }
}
