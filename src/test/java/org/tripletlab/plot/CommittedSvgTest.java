package org.tripletlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.benchmark.Benchmarks;
import org.tripletlab.cli.CommittedStudies;

/**
 * The committed SVG figures are the vector twins of the committed PNGs: every study's documented plot command, run
 * with {@code --format svg} on a copy of results/, writes exactly the committed {@code .svg} files (the PNGs are checked
 * the same way by {@code cli.StudyPlotsTest}). So no figure kind lacks its SVG, and none is stale. Needs the data root
 * (published ROC curves): skipped without {@code TRIPLETLAB_DATA_ROOT}.
 */
class CommittedSvgTest {
    private static final Path RESULTS = CommittedStudies.RESULTS;
    private static final Pattern DOCUMENTED = Pattern.compile("bin/tripletlab plot (results/[\\w-]+) --data-root \\S+?[`\\s]");

    @TempDir
    static Path copy;

    @TestFactory
    Stream<DynamicTest> everyStudysSvgFiguresRegenerate() throws IOException {
        String dataRoot = CommittedStudies.dataRootOrSkip().toString();
        List<Path> studies = CommittedStudies.all();
        CommittedStudies.copyTree(RESULTS, copy.resolve("results"));
        return studies.stream().map(study -> DynamicTest.dynamicTest(study.getFileName().toString(), () -> regenerates(study, dataRoot)));
    }

    private void regenerates(Path study, String dataRoot) throws IOException {
        Matcher m = DOCUMENTED.matcher(Files.readString(study.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(m.find(), study + "/README.md documents no 'bin/tripletlab plot " + study + " --data-root …'");
        assertEquals(RESULTS.resolve(study.getFileName()).toString(), m.group(1));
        Path dir = copy.resolve(m.group(1));
        Path published = Benchmarks.publishedRoc(Path.of(dataRoot));
        List<Path> written = SweepPlots.isSweep(dir) ? SweepPlots.plot(dir, published, "svg").written()
                : RunPlots.plotExperiment(dir, published, "svg");
        assertTrue(!written.isEmpty(), "the plot command wrote nothing");
        for (Path f : written) {
            Path committed = RESULTS.resolve(copy.resolve("results").relativize(f).toString());
            assertTrue(Files.isRegularFile(committed), "the documented command with --format svg writes " + committed + ", which is not committed");
            assertEquals(Files.readString(committed), Files.readString(f), committed + " differs from what the documented command draws");
            Path png = committed.resolveSibling(committed.getFileName().toString().replaceFirst("\\.svg$", ".png"));
            assertTrue(Files.isRegularFile(png), committed + " has no PNG twin");
        }
    }
}
