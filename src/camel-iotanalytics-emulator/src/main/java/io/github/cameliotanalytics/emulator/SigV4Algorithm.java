package io.github.cameliotanalytics.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AWS Signature Version 4 algorithm as AWS publishes it, with the JDK alone: the canonical request, the string to
 * sign, the signing key (an HMAC-SHA256 chain over date, region, service and {@code aws4_request}) and the signature.
 * Paths are handled as for every service but S3: normalized ({@code .} and {@code ..} segments resolved) and
 * URI-encoded once more from their raw form. Stateless and thread-safe.
 */
final class SigV4Algorithm {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";
    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private SigV4Algorithm() {
    }

    /**
     * The canonical request: method, canonical URI, canonical query string, canonical headers, signed headers and the
     * hex SHA-256 of the payload, one per line.
     *
     * @param rawPath       the path as sent, still percent-encoded
     * @param rawQuery      the query as sent, still percent-encoded; {@code null} or empty for none
     * @param signedHeaders the lower-case names of the signed headers, in the order of {@code SignedHeaders}
     * @param headerValues  the values of each signed header, one per header line, in the order received
     */
    static String canonicalRequest(String method, String rawPath, String rawQuery, List<String> signedHeaders,
                                   List<List<String>> headerValues, String payloadHash) {
        StringBuilder request = new StringBuilder(256)
                .append(method).append('\n')
                .append(canonicalUri(rawPath)).append('\n')
                .append(canonicalQuery(rawQuery)).append('\n');
        for (int i = 0; i < signedHeaders.size(); i++) {
            request.append(signedHeaders.get(i)).append(':');
            List<String> values = headerValues.get(i);
            for (int v = 0; v < values.size(); v++) {
                request.append(v == 0 ? "" : ",").append(trimAll(values.get(v)));
            }
            request.append('\n');
        }
        return request.append('\n')
                .append(String.join(";", signedHeaders)).append('\n')
                .append(payloadHash).toString();
    }

    /** The string to sign: the algorithm, the request date, the credential scope and the hash of the canonical request. */
    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
               + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The signing key: HMAC-SHA256 of date, region, service and "aws4_request" in turn, from "AWS4" + secret. */
    static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, TERMINATOR);
    }

    /** The signature: hex HMAC-SHA256 of the string to sign with the signing key. */
    static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /** The normalized path, each byte outside the unreserved set and '/' percent-encoded; "/" for an empty path. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = rawPath.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String segment = parts[i];
            boolean last = i == parts.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    segments.addLast("");
                }
            } else if (segment.equals("..")) {
                segments.pollLast();
                if (last) {
                    segments.addLast("");
                }
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    /**
     * The query parameters, each name and value decoded then encoded again, sorted by name then value and joined with
     * '&'; a parameter without '=' has an empty value.
     */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(new String[] {encode(percentDecode(name)), encode(percentDecode(value))});
        }
        parameters.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder query = new StringBuilder();
        for (String[] parameter : parameters) {
            query.append(query.length() == 0 ? "" : "&").append(parameter[0]).append('=').append(parameter[1]);
        }
        return query.toString();
    }

    /** URI-encodes every UTF-8 byte but the unreserved characters A-Z a-z 0-9 - _ . ~, as %XY with upper-case hex. */
    static String encode(String value) {
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(UPPER_HEX.toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    /** Decodes %XY escapes (a '+' stays a '+'); a malformed escape is kept as it is. */
    private static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && HexFormat.isHexDigit(raw[i + 1])
                && HexFormat.isHexDigit(raw[i + 2])) {
                decoded.write(HexFormat.fromHexDigit(raw[i + 1]) << 4 | HexFormat.fromHexDigit(raw[i + 2]));
                i += 2;
            } else {
                decoded.write(raw[i]);
            }
        }
        return decoded.toString(StandardCharsets.UTF_8);
    }

    /** Trims a header value and collapses each run of spaces to one. */
    private static String trimAll(String value) {
        return value.strip().replaceAll(" {2,}", " ");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no HmacSHA256", e);
        }
    }
}
