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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;

/**
 * Checks the AWS Signature Version 4 of each call: it computes the signature of the received request with
 * {@link SigV4Algorithm} (the published algorithm, JDK only) and the configured secret, at the request's
 * {@code X-Amz-Date}, and compares it with the one in the {@code Authorization} header. It signs exactly the headers the
 * client listed in {@code SignedHeaders}, so it checks calls of the AWS SDK for Java 2.x (which signs
 * {@code x-amz-content-sha256}) and of the AWS CLI, boto3 and other SDKs (which do not) alike; the payload hash is
 * always that of the body received.
 * <p>
 * Only the {@code Authorization} header form is accepted (no presigned URLs); a session token is signed but not
 * checked. As at AWS, a request signed more than 15 minutes before or after the emulator's clock is refused. Thread-safe.
 */
final class SigV4Verifier {

    static final String SERVICE = "iotanalytics";
    private static final String ALGORITHM = SigV4Algorithm.ALGORITHM;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The clock skew AWS allows between a request's X-Amz-Date and its own clock. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final String service;
    private final Clock clock;
    /** The signing key of the last date seen: it changes once a day. */
    private volatile DatedKey signingKey;

    SigV4Verifier(String accessKeyId, String secretAccessKey, String region, Clock clock) {
        this(accessKeyId, secretAccessKey, region, SERVICE, clock);
    }

    /** A verifier for another service name in the scope: for the published test vectors, made for "service". */
    SigV4Verifier(String accessKeyId, String secretAccessKey, String region, String service, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    /**
     * What the check reads of a call.
     *
     * @param rawPath  the path as sent, percent-encoded
     * @param rawQuery the query as sent, percent-encoded, or {@code null}
     * @param headers  the values of a header (one per header line), by case-insensitive name; {@code null} if absent
     */
    record SignedRequest(String method, String rawPath, String rawQuery, Function<String, List<String>> headers,
                         byte[] body) {

        static SignedRequest of(HttpExchange exchange, byte[] body) {
            URI uri = exchange.getRequestURI();
            return new SignedRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders()::get, body);
        }

        String header(String name) {
            List<String> values = headers.apply(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** Verifies a call received by the HTTP server; see {@link #verify(SignedRequest)}. */
    void verify(HttpExchange exchange, byte[] body) {
        verify(SignedRequest.of(exchange, body));
    }

    /**
     * Verifies a call.
     *
     * @throws ApiException 403 MissingAuthenticationTokenException without an Authorization header,
     *                      IncompleteSignatureException when it or X-Amz-Date is malformed, UnrecognizedClientException
     *                      for another access key, InvalidSignatureException for a date more than 15 minutes off
     *                      ("Signature expired: ..." or "Signature not yet current: ..."), another scope or signature
     */
    void verify(SignedRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            throw new ApiException(ServiceError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }
        Map<String, String> parts = authorizationParts(authorization);
        String[] scope = parts.get("Credential").split("/");
        if (scope.length != 5 || !SigV4Algorithm.TERMINATOR.equals(scope[4])) {
            throw incomplete("Credential must have the form <access key>/<date>/<region>/<service>/aws4_request");
        }
        if (!accessKeyId.equals(scope[0])) {
            throw new ApiException(ServiceError.UNRECOGNIZED_CLIENT,
                    "The security token included in the request is invalid.");
        }
        Instant signedAt = amzDate(request);
        String amzDate = AMZ_DATE.format(signedAt);
        if (!amzDate.startsWith(scope[1])) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + amzDate.substring(0, 8) + "'");
        }
        checkSkew(signedAt);
        if (!region.equals(scope[2])) {
            throw invalid("Credential should be scoped to a valid region, not '" + scope[2] + "'. This emulator serves '"
                    + region + "'.");
        }
        if (!service.equals(scope[3])) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'.");
        }
        String expected = signatureOf(request, parts.get("SignedHeaders"), amzDate, scope[1]);
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

    private String signatureOf(SignedRequest request, String signedHeaders, String amzDate, String date) {
        List<String> names = List.of(signedHeaders.split(";"));
        List<List<String>> values = new ArrayList<>(names.size());
        for (String name : names) {
            List<String> received = request.headers().apply(name);
            if (received == null) {
                throw invalid("Signed header " + name + " is missing from the request");
            }
            values.add(received);
        }
        String canonicalRequest = SigV4Algorithm.canonicalRequest(request.method(), request.rawPath(),
                request.rawQuery(), names, values, SigV4Algorithm.sha256Hex(request.body()));
        String scope = date + "/" + region + "/" + service + "/" + SigV4Algorithm.TERMINATOR;
        return SigV4Algorithm.signature(signingKey(date),
                SigV4Algorithm.stringToSign(amzDate, scope, canonicalRequest));
    }

    private byte[] signingKey(String date) {
        DatedKey key = signingKey;
        if (key == null || !key.date().equals(date)) {
            key = new DatedKey(date, SigV4Algorithm.signingKey(secretAccessKey, date, region, service));
            signingKey = key;
        }
        return key.key();
    }

    private record DatedKey(String date, byte[] key) {
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

    private static Instant amzDate(SignedRequest request) {
        String date = request.header("X-Amz-Date");
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
