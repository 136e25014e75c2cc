package io.github.cameliotanalytics.emulator;

import java.util.List;
import java.util.regex.Pattern;

import io.github.cameliotanalytics.emulator.WireShapes.ChannelStorage;
import io.github.cameliotanalytics.emulator.WireShapes.CustomerManagedS3;
import io.github.cameliotanalytics.emulator.WireShapes.RetentionPeriod;
import io.github.cameliotanalytics.emulator.WireShapes.Tag;

/**
 * The model's constraints on input members (required, length, pattern, range). A violation ends the call with 400
 * InvalidRequestException and a message worded like AWS's validation errors.
 */
final class Constraints {

    /** The model's pattern for ChannelName. */
    static final Pattern CHANNEL_NAME = Pattern.compile("(^(?!_{2}))(^[a-zA-Z0-9_]+$)");
    private static final Pattern BUCKET_NAME = Pattern.compile("^[a-zA-Z0-9.\\-_]*$");
    private static final Pattern S3_KEY_PREFIX = Pattern.compile("^[a-zA-Z0-9!_.*'()/{}:-]*/$");

    private Constraints() {
    }

    /** Checks a channel name: required, 1 to 128 characters, the model's pattern. */
    static String channelName(String name, String member) {
        required(name, member);
        length(name, member, 1, 128);
        pattern(name, member, CHANNEL_NAME);
        return name;
    }

    static void required(Object value, String member) {
        if (value == null) {
            throw ApiException.invalid("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
    }

    static void length(String value, String member, int min, int max) {
        if (value.length() < min || value.length() > max) {
            throw violation(value, member, "Member must have length between " + min + " and " + max);
        }
    }

    /**
     * Reads an integer query parameter.
     *
     * @throws ApiException SerializationException when it is not an integer, InvalidRequestException out of range
     */
    static int intQueryParameter(String value, String member, int min, int max, int defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.serialization("Query parameter " + member + " is not an integer: " + value);
        }
        if (number < min || number > max) {
            throw violation(value, member, "Member must have value between " + min + " and " + max);
        }
        return number;
    }

    /**
     * Reads a boolean query parameter.
     *
     * @throws ApiException SerializationException when it is neither {@code true} nor {@code false}
     */
    static boolean booleanQueryParameter(String value, String member) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.serialization("Query parameter " + member + " is not a boolean: " + value);
    }

    /** Checks a RetentionPeriod: numberOfDays at least 1, and only when unlimited is not true. */
    static void retentionPeriod(RetentionPeriod period) {
        if (period == null) {
            return;
        }
        if (period.numberOfDays() != null && period.numberOfDays() < 1) {
            throw violation(String.valueOf(period.numberOfDays()), "retentionPeriod.numberOfDays",
                    "Member must have value greater than or equal to 1");
        }
        if (Boolean.TRUE.equals(period.unlimited()) && period.numberOfDays() != null) {
            throw ApiException.invalid("retentionPeriod: numberOfDays can only be set when unlimited is false");
        }
    }

    /** Checks a ChannelStorage: at most one kind, and the members of customerManagedS3. */
    static void channelStorage(ChannelStorage storage) {
        if (storage == null) {
            return;
        }
        if (storage.serviceManagedS3() != null && storage.customerManagedS3() != null) {
            throw ApiException.invalid("channelStorage: choose one of serviceManagedS3 or customerManagedS3");
        }
        CustomerManagedS3 customer = storage.customerManagedS3();
        if (customer != null) {
            String member = "channelStorage.customerManagedS3.";
            required(customer.bucket(), member + "bucket");
            length(customer.bucket(), member + "bucket", 3, 255);
            pattern(customer.bucket(), member + "bucket", BUCKET_NAME);
            if (customer.keyPrefix() != null) {
                length(customer.keyPrefix(), member + "keyPrefix", 1, 255);
                pattern(customer.keyPrefix(), member + "keyPrefix", S3_KEY_PREFIX);
            }
            required(customer.roleArn(), member + "roleArn");
            length(customer.roleArn(), member + "roleArn", 20, 2048);
        }
    }

    /** Checks a TagList: 1 to 50 tags, keys and values of 1 to 256 characters. */
    static void tags(List<Tag> tags) {
        if (tags == null) {
            return;
        }
        if (tags.isEmpty() || tags.size() > 50) {
            throw violation(String.valueOf(tags.size()) + " tags", "tags", "Member must have length between 1 and 50");
        }
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            String member = "tags." + (i + 1) + ".member.";
            required(tag, "tags." + (i + 1) + ".member");
            required(tag.key(), member + "key");
            length(tag.key(), member + "key", 1, 256);
            required(tag.value(), member + "value");
            length(tag.value(), member + "value", 1, 256);
        }
    }

    private static void pattern(String value, String member, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            throw violation(value, member, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    private static ApiException violation(String value, String member, String constraint) {
        return ApiException.invalid("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }
}
