package io.logwarden.files;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogLinesTest {

    @Test
    void aLineEndsAtANewlineOnlyAndDropsTheCrOfCrlf() throws IOException {
        assertThat(lines("a\rb\nc\r\nd\u2028e\u0085f\n\ng")).containsExactly("a\rb", "c", "d\u2028e\u0085f", "", "g");
    }

    @Test
    void anEmptyInputHasNoLinesAndAFinalNewlineEndsTheLastLine() throws IOException {
        assertThat(lines("")).isEmpty();
        assertThat(lines("x\n")).containsExactly("x");
        assertThat(lines("\n")).containsExactly("");
        assertThat(lines("\r")).containsExactly("");
    }

    @Test
    void aLineLongerThanTheBufferIsWhole() throws IOException {
        String longLine = "x".repeat(200_000);
        assertThat(lines(longLine + "\n" + longLine)).containsExactly(longLine, longLine);
    }

    private static List<String> lines(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LogLines reader = new LogLines(new StringReader(text))) {
            String line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
