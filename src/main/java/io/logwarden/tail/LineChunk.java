package io.logwarden.tail;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one read of a followed file, handed to the route as one exchange ({@code stream:file?groupLines=N}):
 * per line its text, number and acknowledgement mark. The chunk route (routes/chunks.yaml) processes them in a loop,
 * calling {@link #begin} and {@link #end} around each line, so the pipeline's line acknowledgements
 * ({@link LineAcks}) work as for a line that came alone: a window formed between the two waits for its score.
 *
 * <p>A line's mark holds one extra pending piece from the moment the reader put it in the chunk until {@link #end}
 * (or {@link #abandon}): no saved position passes a line that is waiting in a chunk.
 */
public final class LineChunk {

    private final List<String> texts;
    private final long[] numbers;
    private final ReadProgress.Mark[] marks;
    private int size;
    private int ended; // lines before this one were ended (processing goes in order)
    private boolean lastOfRead;

    LineChunk(int capacity) {
        this.texts = new ArrayList<>(capacity);
        this.numbers = new long[capacity];
        this.marks = new ReadProgress.Mark[capacity];
    }

    /** Lines that no reader follows (a test, an offline run): numbered from {@code firstNumber}, nothing to acknowledge. */
    public static LineChunk of(List<String> lines, long firstNumber, boolean lastOfRead) {
        LineChunk chunk = new LineChunk(lines.size());
        for (String line : lines) {
            chunk.add(line, firstNumber++, null);
        }
        chunk.lastOfRead = lastOfRead;
        return chunk;
    }

    /** The reader adds a line it handed out; its mark (null for a line nobody acknowledges) waits for {@link #end}. */
    void add(String text, long number, ReadProgress.Mark mark) {
        if (mark != null) {
            mark.addPending();
        }
        texts.add(text);
        numbers[size] = number;
        marks[size] = mark;
        size++;
    }

    void lastOfRead(boolean last) {
        this.lastOfRead = last;
    }

    boolean full() {
        return size == numbers.length;
    }

    public int size() {
        return size;
    }

    public String text(int i) {
        return texts.get(i);
    }

    public long number(int i) {
        return numbers[i];
    }

    /** The chunk's last line is the last its reader has for now: the windows' scoring batch goes at once. */
    public boolean lastOfRead() {
        return lastOfRead;
    }

    /** Line {@code i} is processed in this thread from now on (windows formed are acknowledged against it). */
    public void begin(int i) {
        LineAcks.processing(marks[i]);
    }

    /** Line {@code i} is processed, whether it formed a window or failed (failures are counted and passed). */
    public void end(int i) {
        LineAcks.processed(marks[i]);
        marks[i] = null;
        ended = i + 1;
    }

    /**
     * The route call failed before every line was processed. While reading goes on the lines left are passed (the
     * failure is reported once, for the chunk), as a failed line is; once reading stops they stay unfinished, so the
     * saved position stays before them and they are read again after the restart.
     */
    void abandon(boolean pass) {
        for (int i = ended; i < size; i++) {
            if (pass && marks[i] != null) {
                marks[i].finishOne();
            }
            marks[i] = null;
        }
        ended = size;
    }

    /** First and last line number, for logs. */
    @Override
    public String toString() {
        return size == 0 ? "no lines" : "lines " + numbers[0] + "-" + numbers[size - 1];
    }
}
