package io.github.cameliotanalytics.batch;

/**
 * Messages submitted together that must go in one BatchPutMessage call, never split between two calls that could be
 * stored in either order: the engine closes a batch before a group that does not fit in what is left of it.
 *
 * @param size the messages of the group, at most the batch size
 */
public record CallGroup(int size) {
}
