package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
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
    private static final Path RESULTS = Path.of("results");
    private static final Pattern DOCUMENTED = Pattern.compile("^bin/tripletlab (report results/\\S+.*?)\\s+# → report\\.md\\s*$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCommittedStudyRegeneratesByteIdentically() throws IOException {
        List<Path> studies = new ArrayList<>();
        try (Stream<Path> s = Files.list(RESULTS)) {
            s.filter(d -> Files.isRegularFile(d.resolve("report.md"))).sorted().forEach(studies::add);
        }
        assertTrue(studies.size() >= 3, "expected the committed studies (lfw-outside-data, mining-margin, architectures), found " + studies);
        return studies.stream().map(study -> DynamicTest.dynamicTest(study.getFileName().toString(), () -> regenerates(study)));
    }

    private void regenerates(Path study) throws IOException {
        Path readme = study.resolve("README.md");
        assertTrue(Files.isRegularFile(readme), study + " has a report.md but no README.md documenting its command");
        Matcher m = DOCUMENTED.matcher(Files.readString(readme, StandardCharsets.UTF_8));
        assertTrue(m.find(), readme + ": no line 'bin/tripletlab report results/… # → report.md'");
        String command = m.group(1);
        assertFalse(m.find(), readme + ": more than one documented report command");
        List<String> args = new ArrayList<>(List.of(command.trim().split("\\s+")));
        assertEquals("results/" + study.getFileName(), args.get(1), readme + ": the documented command reports on another folder");
        Path out = tmp.resolve(study.getFileName().toString());
        Files.createDirectories(out);
        args.add("--out");
        args.add(out.toString());
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertEquals(0, Main.execute(args.toArray(String[]::new)), "tripletlab " + command);
        } finally {
            System.setOut(stdout);
        }
        String committed = Files.readString(study.resolve("report.md"), StandardCharsets.UTF_8);
        String regenerated = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
        assertEquals(committed, regenerated, study + "/report.md differs from what '" + command + "' writes");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(study.resolve("report.md")), Files.readAllBytes(out.resolve("report.md"))));
    }
}
