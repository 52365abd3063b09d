package io.logwarden.web;

/**
 * Body of POST /api/v1/alerts/{id}/ack: none, or an empty object. A field sent here (a comment, meant for an
 * incident's ack) is refused as unknown rather than dropped without a word.
 */
public record AlertAckRequest() {
}
