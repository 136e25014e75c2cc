package io.github.cameliotanalytics.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import io.github.cameliotanalytics.emulator.WireShapes.ChannelStorage;
import io.github.cameliotanalytics.emulator.WireShapes.RetentionPeriod;

/** The channels of the emulated account, by name, with the account's channel limit. */
final class ChannelRegistry {

    /** One page of {@link #list}: the channels and the token of the next page, or {@code null}. */
    record Page(List<Channel> channels, String nextToken) {
    }

    private final ConcurrentSkipListMap<String, Channel> channels = new ConcurrentSkipListMap<>();
    private final String arnPrefix;
    private final int maxChannels;
    private final int maxMessagesPerChannel;

    ChannelRegistry(String region, String accountId, int maxChannels, int maxMessagesPerChannel) {
        this.arnPrefix = "arn:aws:iotanalytics:" + region + ":" + accountId + ":channel/";
        this.maxChannels = maxChannels;
        this.maxMessagesPerChannel = maxMessagesPerChannel;
    }

    /**
     * Creates a channel.
     *
     * @throws ApiException ResourceAlreadyExistsException (with resourceId and resourceArn) when it exists,
     *                      LimitExceededException when the account has its maximum number of channels
     */
    synchronized Channel create(String name, ChannelStorage storage, RetentionPeriod retentionPeriod) {
        Channel existing = channels.get(name);
        if (existing != null) {
            throw new ApiException(ServiceError.RESOURCE_ALREADY_EXISTS, "Channel already exists: " + name,
                    Map.of("resourceId", name, "resourceArn", existing.arn()));
        }
        if (channels.size() >= maxChannels) {
            throw new ApiException(ServiceError.LIMIT_EXCEEDED,
                    "The account already has " + maxChannels + " channels, the most allowed");
        }
        Channel channel = new Channel(name, arnPrefix + name, storage, retentionPeriod, Instant.now(),
                maxMessagesPerChannel);
        channels.put(name, channel);
        return channel;
    }

    /** The channel, or {@code null}. */
    Channel find(String name) {
        return channels.get(name);
    }

    /**
     * The channel.
     *
     * @throws ApiException ResourceNotFoundException when there is none of that name
     */
    Channel require(String name) {
        Channel channel = channels.get(name);
        if (channel == null) {
            throw new ApiException(ServiceError.RESOURCE_NOT_FOUND, "Channel not found: " + name);
        }
        return channel;
    }

    /**
     * Deletes a channel and its messages.
     *
     * @throws ApiException ResourceNotFoundException when there is none of that name
     */
    synchronized void delete(String name) {
        if (channels.remove(name) == null) {
            throw new ApiException(ServiceError.RESOURCE_NOT_FOUND, "Channel not found: " + name);
        }
    }

    /**
     * Lists channels in name order, from the page a {@code nextToken} of a previous page points at.
     *
     * @throws ApiException InvalidRequestException when the token was not made by this method
     */
    Page list(String nextToken, int maxResults) {
        Map<String, Channel> remaining = nextToken == null ? channels
                : channels.tailMap(lastNameOf(nextToken), false);
        List<Channel> page = new ArrayList<>(Math.min(maxResults, remaining.size()));
        Iterator<Channel> iterator = remaining.values().iterator();
        while (iterator.hasNext() && page.size() < maxResults) {
            page.add(iterator.next());
        }
        String next = iterator.hasNext() ? tokenAfter(page.get(page.size() - 1).name()) : null;
        return new Page(page, next);
    }

    void clear() {
        channels.clear();
    }

    private static String tokenAfter(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String lastNameOf(String token) {
        try {
            String name = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (Constraints.CHANNEL_NAME.matcher(name).matches()) {
                return name;
            }
        } catch (IllegalArgumentException notBase64) {
            // falls through to the error below
        }
        throw ApiException.invalid("Invalid nextToken: " + token);
    }
}
