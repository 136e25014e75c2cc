package io.github.cameliotanalytics.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.cameliotanalytics.emulator.WireShapes.ChannelDescription;
import io.github.cameliotanalytics.emulator.WireShapes.ChannelStatistics;
import io.github.cameliotanalytics.emulator.WireShapes.ChannelStorage;
import io.github.cameliotanalytics.emulator.WireShapes.ChannelSummary;
import io.github.cameliotanalytics.emulator.WireShapes.CreateChannelRequest;
import io.github.cameliotanalytics.emulator.WireShapes.CreateChannelResponse;
import io.github.cameliotanalytics.emulator.WireShapes.DescribeChannelResponse;
import io.github.cameliotanalytics.emulator.WireShapes.EstimatedResourceSize;
import io.github.cameliotanalytics.emulator.WireShapes.ListChannelsResponse;
import io.github.cameliotanalytics.emulator.WireShapes.RetentionPeriod;
import io.github.cameliotanalytics.emulator.WireShapes.SampleChannelDataResponse;
import io.github.cameliotanalytics.emulator.WireShapes.UpdateChannelRequest;

/** CreateChannel, DescribeChannel, ListChannels, UpdateChannel, DeleteChannel and SampleChannelData. */
final class ChannelOperations {

    /** Status of every channel: the emulator creates and deletes at once. */
    static final String ACTIVE = "ACTIVE";

    private final ChannelRegistry channels;
    private final MessageJournal journal;

    ChannelOperations(ChannelRegistry channels, MessageJournal journal) {
        this.channels = channels;
        this.journal = journal;
    }

    /** POST /channels. The storage defaults to serviceManagedS3, the retention period to unlimited. */
    Object create(ApiRequest request) {
        CreateChannelRequest input = Json.read(request.body(), CreateChannelRequest.class);
        String name = Constraints.channelName(input.channelName(), "channelName");
        Constraints.channelStorage(input.channelStorage());
        Constraints.retentionPeriod(input.retentionPeriod());
        Constraints.tags(input.tags());
        Channel channel = create(name, input.channelStorage(), input.retentionPeriod());
        return new CreateChannelResponse(channel.name(), channel.arn(), channel.retentionPeriod());
    }

    /** Creates a channel whose storage and retention period were checked (both may be {@code null}). */
    Channel create(String name, ChannelStorage storage, RetentionPeriod retentionPeriod) {
        ChannelStorage effectiveStorage = storage == null || (storage.serviceManagedS3() == null
                                                              && storage.customerManagedS3() == null)
                ? ChannelStorage.SERVICE_MANAGED : storage;
        return channels.create(name, effectiveStorage, retentionOf(effectiveStorage, retentionPeriod));
    }

    /** GET /channels/{channelName}?includeStatistics=. */
    Object describe(ApiRequest request) {
        String name = Constraints.channelName(request.channelName(), "channelName");
        boolean withStatistics = Constraints.booleanQueryParameter(request.query().get("includeStatistics"),
                "includeStatistics");
        Channel channel = channels.require(name);
        if (withStatistics && channel.customerManaged()) {
            throw ApiException.invalid("includeStatistics can't be used with a channel whose S3 storage is"
                    + " customer-managed");
        }
        ChannelDescription description = new ChannelDescription(channel.name(), channel.storage(), channel.arn(),
                ACTIVE, channel.retentionPeriod(), Timestamps.epochSeconds(channel.creationTime()),
                Timestamps.epochSeconds(channel.lastUpdateTime()),
                Timestamps.epochSeconds(channel.lastMessageArrivalTime()));
        ChannelStatistics statistics = withStatistics
                ? new ChannelStatistics(new EstimatedResourceSize(channel.storedBytes(),
                        Timestamps.epochSeconds(Instant.now())))
                : null;
        return new DescribeChannelResponse(description, statistics);
    }

    /** GET /channels?nextToken=&maxResults= (1 to 250, 100 by default). */
    Object list(ApiRequest request) {
        int maxResults = Constraints.intQueryParameter(request.query().get("maxResults"), "maxResults", 1, 250, 100);
        ChannelRegistry.Page page = channels.list(request.query().get("nextToken"), maxResults);
        List<ChannelSummary> summaries = new ArrayList<>(page.channels().size());
        for (Channel channel : page.channels()) {
            summaries.add(new ChannelSummary(channel.name(), channel.storage(), ACTIVE,
                    Timestamps.epochSeconds(channel.creationTime()),
                    Timestamps.epochSeconds(channel.lastUpdateTime()),
                    Timestamps.epochSeconds(channel.lastMessageArrivalTime())));
        }
        return new ListChannelsResponse(summaries, page.nextToken());
    }

    /**
     * PUT /channels/{channelName}. A member left out keeps its value; the kind of storage cannot change, and the
     * retention period of a customer-managed channel cannot be set.
     */
    Object update(ApiRequest request) {
        String name = Constraints.channelName(request.channelName(), "channelName");
        UpdateChannelRequest input = Json.read(request.body(), UpdateChannelRequest.class);
        Constraints.channelStorage(input.channelStorage());
        Constraints.retentionPeriod(input.retentionPeriod());
        Channel channel = channels.require(name);
        ChannelStorage storage = input.channelStorage();
        if (storage != null && ((storage.customerManagedS3() != null) != channel.customerManaged())) {
            throw ApiException.invalid("The storage of channel " + name + " can't be changed after its creation");
        }
        if (input.retentionPeriod() != null && channel.customerManaged()) {
            throw ApiException.invalid("The retention period of channel " + name
                    + " can't be updated: its S3 storage is customer-managed");
        }
        RetentionPeriod retention = input.retentionPeriod() == null ? channel.retentionPeriod()
                : input.retentionPeriod();
        channel.update(retention, Instant.now());
        return null;
    }

    /** DELETE /channels/{channelName}: the channel and its messages. */
    Object delete(ApiRequest request) {
        String name = Constraints.channelName(request.channelName(), "channelName");
        channels.delete(name);
        journal.closeFiles();
        return null;
    }

    /**
     * GET /channels/{channelName}/sample?maxMessages=&startTime=&endTime=: the latest {@code maxMessages} (1 to 10, 10
     * by default) messages received in [startTime, endTime), oldest first; {@code payloads} is left out when there
     * are none.
     */
    Object sample(ApiRequest request) {
        String name = Constraints.channelName(request.channelName(), "channelName");
        int maxMessages = Constraints.intQueryParameter(request.query().get("maxMessages"), "maxMessages", 1, 10, 10);
        Instant from = timestamp(request, "startTime");
        Instant to = timestamp(request, "endTime");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("startTime must be before endTime");
        }
        List<StoredMessage> sample = channels.require(name).latest(maxMessages, from, to);
        List<byte[]> payloads = sample.isEmpty() ? null : sample.stream().map(StoredMessage::payload).toList();
        return new SampleChannelDataResponse(payloads);
    }

    private static Instant timestamp(ApiRequest request, String parameter) {
        String value = request.query().get(parameter);
        return value == null ? null : Timestamps.parseQueryValue(parameter, value);
    }

    private static RetentionPeriod retentionOf(ChannelStorage storage, RetentionPeriod requested) {
        if (storage.customerManagedS3() != null) {
            return null;
        }
        return requested == null ? RetentionPeriod.UNLIMITED : requested;
    }
}
