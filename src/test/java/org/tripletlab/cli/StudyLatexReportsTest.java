package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every committed study with a {@code report.md} also commits its LaTeX, {@code report.tex}, a standalone document
 * (scripts/check-latex.sh compiles it in CI), and it regenerates byte for byte from the command documented in the
 * study's README.md ({@code bin/tripletlab report results/<study> … --format latex --standalone # → report.tex}).
 */
class StudyLatexReportsTest {
    private static final Pattern DOCUMENTED = Pattern.compile("^bin/tripletlab (report results/\\S+.*?)\\s+# → report\\.tex\\s*$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCommittedStudysLatexRegeneratesByteIdentically() throws IOException {
        return CommittedStudies.all().stream().map(study -> DynamicTest.dynamicTest(study.getFileName().toString(), () -> regenerates(study)));
    }

    private void regenerates(Path study) throws IOException {
        assertTrue(Files.isRegularFile(study.resolve("report.tex")), study + " has a report.md but no report.tex");
        String command = CommittedStudies.documentedCommand(study, DOCUMENTED,
                "'bin/tripletlab report results/… --format latex --standalone # → report.tex'");
        List<String> args = new ArrayList<>(List.of(command.trim().split("\\s+")));
        Path readme = study.resolve("README.md");
        assertEquals("results/" + study.getFileName(), args.get(1), readme + ": the documented command reports on another folder");
        assertTrue(args.contains("--standalone") && args.contains("latex"), readme + ": the committed report.tex is the standalone document");
        Path out = tmp.resolve(study.getFileName().toString());
        Files.createDirectories(out);
        args.add("--out");
        args.add(out.toString());
        CommittedStudies.run(args);
        assertEquals(Files.readString(study.resolve("report.tex"), StandardCharsets.UTF_8), Files.readString(out.resolve("report.tex"), StandardCharsets.UTF_8),
                study + "/report.tex differs from what '" + command + "' writes");
    }
}
