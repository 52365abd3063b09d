package io.logwarden.parse;

/**
 * A template as it is exported and persisted.
 *
 * @param id       stable id, from 1 in creation order
 * @param template the template text, variable tokens as {@code <*>}
 * @param count    messages matched so far
 */
public record TemplateRecord(int id, String template, long count) {
}
