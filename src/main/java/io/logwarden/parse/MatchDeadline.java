package io.logwarden.parse;

/**
 * Text for a regex the user wrote (a {@code --mask}, a log format), which gives up once a match has
 * taken {@link #BUDGET_NANOS}: Java's regex engine has no time limit, and a pattern such as {@code
 * (.*a){12}z} backtracks for hours on a line of 41 characters (a black-box tester's finding). The
 * engine reads the text through {@link #charAt}, so the clock is checked there, every few thousand
 * reads. Written by hand: no library bounds {@link java.util.regex} matching.
 */
public final class MatchDeadline implements CharSequence {

    /** A match of a user's pattern on one message: far above what any sane pattern takes on 64 KiB. */
    public static final long BUDGET_NANOS = 200_000_000L;

    /** Thrown by {@link #charAt} when the budget is spent; the caller treats the text as not matched. */
    static final class Exceeded extends RuntimeException {
        Exceeded() {
            super("regex match took longer than " + BUDGET_NANOS / 1_000_000 + " ms", null, false, false);
        }
    }

    private final String text;
    private final long deadline;
    private int reads;

    private MatchDeadline(String text, long deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    static MatchDeadline of(String text) {
        return new MatchDeadline(text, System.nanoTime() + BUDGET_NANOS);
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
            throw new Exceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
