package io.logwarden.parse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One log line after template mining: the log key ({@code templateId}) is what the windows and the
 * sequence models see; the rest travels along so that an alert can explain itself.
 *
 * @param source     the followed file (or upload name) the line came from
 * @param lineNumber 1-based line number in that source
 * @param line       the raw line as read
 * @param content    the message part of the line (the whole line when no format is configured)
 * @param fields     header fields split off by the line format (Date, Time, Level, Component, ...)
 * @param templateId stable id of the template, persisted in templates.json
 * @param template   the template text, variable tokens shown as {@code <*>}
 * @param parameters the values of the variable tokens, in order
 * @param receivedAt when the pipeline read the line
 */
public record LogEvent(String source, long lineNumber, String line, String content, Map<String, String> fields,
                       int templateId, String template, List<String> parameters, Instant receivedAt) {
}
