package io.logwarden.tail;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An upload cuts its lines as the tailer does, so both number the same file's lines alike. */
class FileReplayLinesTest {

    private static List<String> lines(String text) throws IOException {
        BufferedReader reader = new BufferedReader(new StringReader(text));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = FileReplay.nextLine(reader)) != null) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void cutsAtNewlineOnlyAndDropsTheCarriageReturnOfCrlf() throws IOException {
        assertThat(lines("one\rtwo\rthree\n")).as("a bare CR stays inside the line").containsExactly("one\rtwo\rthree");
        assertThat(lines("a\r\nb\r\n")).containsExactly("a", "b");
        assertThat(lines("a\n\nb")).as("empty lines count; an unterminated last line too").containsExactly("a", "", "b");
        assertThat(lines("")).isEmpty();
        assertThat(lines("\n")).containsExactly("");
    }
}
