package io.github.cameliotanalytics.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.cameliotanalytics.emulator.WireShapes.BatchPutMessageErrorEntry;
import io.github.cameliotanalytics.emulator.WireShapes.BatchPutMessageRequest;
import io.github.cameliotanalytics.emulator.WireShapes.BatchPutMessageResponse;
import io.github.cameliotanalytics.emulator.WireShapes.Message;

/**
 * BatchPutMessage. The call as a whole is rejected (400) when the model's constraints are broken: missing channel name
 * or messages, 0 or more than 100 messages, a missing, empty, too long or non-ASCII messageId, a missing payload, or a
 * messageId used twice. Then the channel must exist (404), and the messages must fit in its {@link ChannelQuota quota}
 * (else 429 ThrottlingException "Rate exceeded", nothing taken or stored). Each message is then checked on its own with
 * {@link PayloadRules#checkPayload}: one that breaks a rule, or that an injected entry fault hits, is listed in
 * {@code batchPutMessageErrorEntries}; the others are stored.
 */
final class BatchPutMessageOperation implements OperationHandler {

    private static final String INVALID_ENTRY_CODE = ServiceError.INVALID_REQUEST.code();

    private final ChannelRegistry channels;
    private final MessageJournal journal;
    private final Faults faults;
    private final Stats stats;
    private final ChannelQuota quota;

    BatchPutMessageOperation(ChannelRegistry channels, MessageJournal journal, Faults faults, Stats stats,
                             ChannelQuota quota) {
        this.quota = quota;
        this.channels = channels;
        this.journal = journal;
        this.faults = faults;
        this.stats = stats;
    }

    @Override
    public Object handle(ApiRequest request) {
        BatchPutMessageRequest input = Json.read(request.body(), BatchPutMessageRequest.class);
        String channelName = Constraints.channelName(input.channelName(), "channelName");
        List<Message> messages = input.messages();
        checkMessages(messages);
        Channel channel = channels.require(channelName);
        if (!quota.tryAcquire(channelName, messages.size())) {
            stats.recordThrottled(channelName);
            throw new ApiException(ServiceError.THROTTLING, "Rate exceeded");
        }

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean[] injectedFailures = faults.entryFailures(messages.size());
        List<StoredMessage> accepted = new ArrayList<>(messages.size());
        List<BatchPutMessageErrorEntry> errors = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            String violation = PayloadRules.checkPayload(message.payload());
            if (violation != null) {
                errors.add(new BatchPutMessageErrorEntry(message.messageId(), INVALID_ENTRY_CODE, violation));
            } else if (injectedFailures != null && injectedFailures[i]) {
                String code = faults.currentEntryErrorCode();
                errors.add(new BatchPutMessageErrorEntry(message.messageId(), code,
                        "The message failed with " + code + " (fault injected by the emulator)"));
            } else {
                accepted.add(new StoredMessage(message.messageId(), message.payload(), now));
            }
        }
        channel.append(accepted, now);
        journal.append(channelName, accepted);
        stats.recordAnswered(channelName, accepted.size(), errors.size());
        return new BatchPutMessageResponse(errors);
    }

    private static void checkMessages(List<Message> messages) {
        Constraints.required(messages, "messages");
        if (messages.isEmpty() || messages.size() > PayloadRules.MAX_MESSAGES_PER_BATCH) {
            throw ApiException.invalid("A BatchPutMessage call must carry between 1 and "
                    + PayloadRules.MAX_MESSAGES_PER_BATCH + " messages, this one has " + messages.size());
        }
        Set<String> ids = new HashSet<>(messages.size() * 2);
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            String member = "messages." + (i + 1) + ".member";
            Constraints.required(message, member);
            String idViolation = PayloadRules.checkMessageId(message.messageId());
            if (idViolation != null) {
                throw ApiException.invalid(member + ".messageId: " + idViolation);
            }
            Constraints.required(message.payload(), member + ".payload");
            if (!ids.add(message.messageId())) {
                throw ApiException.invalid("messageId '" + message.messageId()
                        + "' is used more than once in this batch; each messageId must be unique within a batch");
            }
        }
    }
}
