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

    /**
     * A report over several folders documented in a study's README.md ({@code bin/tripletlab report results/A results/B …
     * --out results/A/sub   # → results/A/sub/report.md}, e.g. two sweeps compared seed for seed) regenerates byte for
     * byte too, written into a temporary folder instead of its --out.
     */
    @TestFactory
    Stream<DynamicTest> everyDocumentedJointReportRegeneratesByteIdentically() throws IOException {
        Pattern joint = Pattern.compile("^bin/tripletlab (report (?:results/\\S+\\s+){2,}.*?--out\\s+(\\S+).*?)\\s+# → (\\S+)/report\\.md\\s*$",
                Pattern.MULTILINE);
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(CommittedStudies.RESULTS)) {
            for (Path readme : s.map(d -> d.resolve("README.md")).filter(Files::isRegularFile).sorted().toList()) {
                java.util.regex.Matcher m = joint.matcher(Files.readString(readme, StandardCharsets.UTF_8));
                while (m.find()) {
                    String command = m.group(1);
                    String outArg = m.group(2);
                    Path committed = Path.of(m.group(3)).resolve("report.md");
                    assertEquals(m.group(2), m.group(3), readme + ": '" + command + "' writes into " + m.group(2) + ", the comment says " + m.group(3));
                    tests.add(DynamicTest.dynamicTest(m.group(3), () -> {
                        Path out = tmp.resolve(committed.getParent().toString().replace('/', '_'));
                        List<String> args = new ArrayList<>(List.of(command.replace("--out " + outArg, "--out " + out).trim().split("\\s+")));
                        CommittedStudies.run(args);
                        assertTrue(java.util.Arrays.equals(Files.readAllBytes(committed), Files.readAllBytes(out.resolve("report.md"))),
                                committed + " differs from what '" + command + "' writes");
                    }));
                }
            }
        }
        return tests.stream();
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
