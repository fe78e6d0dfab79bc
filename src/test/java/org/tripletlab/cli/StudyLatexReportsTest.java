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
 * Every committed study with a {@code report.md} also commits its LaTeX, {@code report.tex}, a standalone document
 * (scripts/check-latex.sh compiles it in CI), and it regenerates byte for byte from the command documented in the
 * study's README.md ({@code bin/tripletlab report results/<study> … --format latex --standalone # → report.tex}).
 */
class StudyLatexReportsTest {
    private static final Path RESULTS = Path.of("results");
    private static final Pattern DOCUMENTED = Pattern.compile("^bin/tripletlab (report results/\\S+.*?)\\s+# → report\\.tex\\s*$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCommittedStudysLatexRegeneratesByteIdentically() throws IOException {
        List<Path> studies = new ArrayList<>();
        try (Stream<Path> s = Files.list(RESULTS)) {
            s.filter(d -> Files.isRegularFile(d.resolve("report.md"))).sorted().forEach(studies::add);
        }
        assertTrue(studies.size() >= 3, "expected the committed studies (lfw-outside-data, mining-margin, architectures), found " + studies);
        return studies.stream().map(study -> DynamicTest.dynamicTest(study.getFileName().toString(), () -> regenerates(study)));
    }

    private void regenerates(Path study) throws IOException {
        assertTrue(Files.isRegularFile(study.resolve("report.tex")), study + " has a report.md but no report.tex");
        Path readme = study.resolve("README.md");
        Matcher m = DOCUMENTED.matcher(Files.readString(readme, StandardCharsets.UTF_8));
        assertTrue(m.find(), readme + ": no line 'bin/tripletlab report results/… --format latex --standalone # → report.tex'");
        String command = m.group(1);
        assertFalse(m.find(), readme + ": more than one documented LaTeX report command");
        List<String> args = new ArrayList<>(List.of(command.trim().split("\\s+")));
        assertEquals("results/" + study.getFileName(), args.get(1), readme + ": the documented command reports on another folder");
        assertTrue(args.contains("--standalone") && args.contains("latex"), readme + ": the committed report.tex is the standalone document");
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
        assertEquals(Files.readString(study.resolve("report.tex"), StandardCharsets.UTF_8), Files.readString(out.resolve("report.tex"), StandardCharsets.UTF_8),
                study + "/report.tex differs from what '" + command + "' writes");
    }
}
