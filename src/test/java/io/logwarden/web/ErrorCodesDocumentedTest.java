package io.logwarden.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error code the service answers with, written as a literal in the code, is listed in the README. */
class ErrorCodesDocumentedTest {

    private static final Pattern CODE = Pattern.compile(
            "(?:new ApiException\\(\\s*\\d+,\\s*|new TailRequestException\\(\\s*Kind\\.[A-Z_]+,\\s*|new ApiError\\(\\s*|JsonErrorResponses\\.write\\([^,]+,\\s*\\d+,\\s*)\"([a-z][a-z_]*[a-z])\"(?!\\s*\\+)");

    @Test
    void theReadmeListsEveryLiteralErrorCode() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CODE.matcher(Files.readString(source));
                while (m.find()) codes.add(m.group(1));
            }
        }
        assertThat(codes).as("codes found in the sources").hasSizeGreaterThan(40);
        String readme = Files.readString(Path.of("README.md"));
        assertThat(codes.stream().filter(code -> !readme.contains("`" + code + "`")).toList())
                .as("error codes the README's API section does not list").isEmpty();
    }
}
