package io.logwarden.parse;

/**
 * The source name of the lines the service sends through its own pipeline at start-up, before it reports ready
 * (io.logwarden.pipeline.PipelineWarmUp): they make the JIT compile the parse, window, scoring and routing code
 * before the first followed line needs it. Those lines must leave no trace, so the few places that keep state
 * across lines check this name: the miner learns nothing from them, no alert or WebSocket message is made of
 * them, the statistical fallback does not learn them, and the service's totals do not count them.
 *
 * <p>Not a path (followed files are absolute paths) and not an upload's {@code upload:} name: no real source has it.
 */
public final class WarmUpSource {

    public static final String NAME = "logwarden:start-up-warm-up";

    private WarmUpSource() {
    }

    public static boolean is(String source) {
        return NAME.equals(source);
    }
}
