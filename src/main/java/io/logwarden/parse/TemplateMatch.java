package io.logwarden.parse;

/**
 * The outcome of feeding one message to the miner.
 *
 * @param templateId the template (log key) the message belongs to
 * @param template   that template's text after this message
 * @param change     whether the message created or widened the template; the store saves only then
 */
public record TemplateMatch(int templateId, String template, Change change) {

    public enum Change { NONE, CREATED, GENERALIZED }

    public boolean changedTemplates() {
        return change != Change.NONE;
    }
}
