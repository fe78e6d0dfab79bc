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
 * Every committed study — a results folder with a {@code report.md} — regenerates byte for byte from the
 * report command documented in its README.md ({@code bin/tripletlab report results/<study> … # → report.md}),
 * run in-process into a temporary folder. Needs no data set: reports read committed result files only.
 */
class StudyReportsTest {
    private static final Pattern DOCUMENTED = Pattern.compile("^bin/tripletlab (report results/\\S+.*?)\\s+# → report\\.md\\s*$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCommittedStudyRegeneratesByteIdentically() throws IOException {
        return CommittedStudies.all().stream().map(study -> DynamicTest.dynamicTest(study.getFileName().toString(), () -> regenerates(study)));
    }

    private void regenerates(Path study) throws IOException {
        String command = CommittedStudies.documentedCommand(study, DOCUMENTED, "'bin/tripletlab report results/… # → report.md'");
        List<String> args = new ArrayList<>(List.of(command.trim().split("\\s+")));
        assertEquals("results/" + study.getFileName(), args.get(1), study + "/README.md: the documented command reports on another folder");
        Path out = tmp.resolve(study.getFileName().toString());
        Files.createDirectories(out);
        args.add("--out");
        args.add(out.toString());
        CommittedStudies.run(args);
        String committed = Files.readString(study.resolve("report.md"), StandardCharsets.UTF_8);
        String regenerated = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
        assertEquals(committed, regenerated, study + "/report.md differs from what '" + command + "' writes");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(study.resolve("report.md")), Files.readAllBytes(out.resolve("report.md"))));
    }
}
