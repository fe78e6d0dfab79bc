package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * Every committed study's figures regenerate byte for byte from the plot command its README.md documents
 * ({@code bin/tripletlab plot results/<study> --data-root …}), run in-process on a copy of results/ (the command
 * writes into the folder it plots). Needs the data root (the ROC figures overlay the published curves read from
 * it): skipped without {@code TRIPLETLAB_DATA_ROOT}. PNG bytes depend on the JDK's fonts and rasteriser, so this
 * holds on the machine (image) that made the committed figures.
 */
class StudyPlotsTest {
    private static final Path RESULTS = CommittedStudies.RESULTS;
    private static final Pattern DOCUMENTED = Pattern.compile("bin/tripletlab (plot results/[\\w-]+ --data-root \\S+?)[`\\s]");

    @TempDir
    static Path copy;

    @TestFactory
    Stream<DynamicTest> everyCommittedStudysFiguresRegenerate() throws IOException {
        String dataRoot = CommittedStudies.dataRootOrSkip().toString();
        List<Path> studies = CommittedStudies.all();
        CommittedStudies.copyTree(RESULTS, copy.resolve("results"));
        return studies.stream().map(study -> DynamicTest.dynamicTest(study.getFileName().toString(), () -> regenerates(study, dataRoot)));
    }

    /**
     * Every joint plot command a study README documents ({@code bin/tripletlab plot results/A results/B … --out DIR
     * --data-root … # → DIR/plots/}) draws the committed figures byte for byte, PNG as documented and SVG with
     * {@code --format svg}, and every file committed there is one it draws. It only reads the folders, so it runs on them in place, writing into a temporary folder.
     */
    @TestFactory
    Stream<DynamicTest> everyDocumentedJointPlotRegenerates() throws IOException {
        String dataRoot = CommittedStudies.dataRootOrSkip().toString();
        Pattern joint = Pattern.compile("^bin/tripletlab (plot (?:results/\\S+\\s+){2,}--out\\s+(\\S+)\\s+--data-root\\s+\\S+)\\s+# → (\\S+)/plots/\\s*$",
                Pattern.MULTILINE);
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(RESULTS)) {
            for (Path readme : s.map(d -> d.resolve("README.md")).filter(Files::isRegularFile).sorted().toList()) {
                Matcher m = joint.matcher(Files.readString(readme, StandardCharsets.UTF_8));
                while (m.find()) {
                    String command = m.group(1);
                    String target = m.group(3);
                    Path committed = Path.of(target).resolve("plots");
                    assertEquals(m.group(2), target, readme + ": '" + command + "' writes into " + m.group(2) + ", the comment says " + target);
                    tests.add(DynamicTest.dynamicTest(target, () -> {
                        List<String> drawn = new ArrayList<>();
                        for (String format : List.of("png", "svg")) { // as documented, then with --format svg (the vector twins)
                            Path out = copy.resolve("joint-" + format + "-" + target.replace('/', '_'));
                            List<String> args = new ArrayList<>(List.of(command.trim().split("\\s+")));
                            args.set(args.indexOf("--out") + 1, out.toString());
                            args.set(args.indexOf("--data-root") + 1, dataRoot);
                            if (format.equals("svg")) {
                                args.addAll(List.of("--format", "svg"));
                            }
                            for (String line : CommittedStudies.run(args).split("\n")) {
                                if (!line.isBlank()) {
                                    Path written = Path.of(line.trim());
                                    Path twin = committed.resolve(written.getFileName());
                                    assertTrue(Files.isRegularFile(twin), "'" + command + "' draws " + twin + ", which is not committed");
                                    assertArrayEquals(Files.readAllBytes(twin), Files.readAllBytes(written), twin + " differs from what '" + command + "' draws");
                                    drawn.add(written.getFileName().toString());
                                }
                            }
                        }
                        try (Stream<Path> files = Files.list(committed)) {
                            List<String> stale = files.map(f -> f.getFileName().toString()).filter(f -> !drawn.contains(f)).toList();
                            assertTrue(stale.isEmpty(), committed + " holds files the command does not draw: " + stale);
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    private void regenerates(Path study, String dataRoot) throws IOException {
        Matcher m = DOCUMENTED.matcher(Files.readString(study.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(m.find(), study + "/README.md documents no 'bin/tripletlab plot " + study + " --data-root …'");
        List<String> args = new ArrayList<>(List.of(m.group(1).split("\\s+")));
        assertEquals(RESULTS.resolve(study.getFileName()).toString(), args.get(1));
        args.set(1, copy.resolve(args.get(1)).toString());
        args.set(args.indexOf("--data-root") + 1, dataRoot);
        String printed = CommittedStudies.run(args);
        int compared = 0;
        for (String line : printed.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Path written = Path.of(line.trim());
            Path committed = RESULTS.resolve(copy.resolve("results").relativize(written));
            assertTrue(Files.isRegularFile(committed), "the documented command writes " + committed + ", which is not committed");
            assertArrayEquals(Files.readAllBytes(committed), Files.readAllBytes(written), committed + " differs from what the documented command draws");
            compared++;
        }
        assertTrue(compared > 0, "the plot command wrote nothing");
    }
}
