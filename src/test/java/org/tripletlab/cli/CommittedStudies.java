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
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests that regenerate committed studies share: the studies (results folders with a
 * {@code report.md}), the command a study's README.md documents, running a command in-process with its
 * output captured, and a copy of results/ for commands that write into the folder they read.
 */
public final class CommittedStudies {
    public static final Path RESULTS = Path.of("results");

    private CommittedStudies() {
    }

    /** Every committed study, sorted; at least the three the project has. */
    public static List<Path> all() throws IOException {
        List<Path> studies = new ArrayList<>();
        try (Stream<Path> s = Files.list(RESULTS)) {
            s.filter(d -> Files.isRegularFile(d.resolve("report.md"))).sorted().forEach(studies::add);
        }
        assertTrue(studies.size() >= 3, "expected the committed studies (mining-margin-v2, architectures-v2, lfw-1h-seeds, …), found " + studies);
        return studies;
    }

    /**
     * Group 1 of the one line of the study's README.md that {@code documented} matches.
     *
     * @param what the line as the message should describe it when it is missing
     */
    public static String documentedCommand(Path study, Pattern documented, String what) throws IOException {
        Path readme = study.resolve("README.md");
        assertTrue(Files.isRegularFile(readme), study + " has a report.md but no README.md documenting its commands");
        Matcher m = documented.matcher(Files.readString(readme, StandardCharsets.UTF_8));
        assertTrue(m.find(), readme + ": no line " + what);
        String command = m.group(1);
        assertFalse(m.find(), readme + ": more than one line " + what);
        return command;
    }

    /** Runs {@code tripletlab args…} in-process; asserts exit 0 and returns what it printed. */
    public static String run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.execute(args.toArray(String[]::new)), "tripletlab " + String.join(" ", args));
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The data root from {@code TRIPLETLAB_DATA_ROOT} for tests that need it (e.g. the published ROC curves the
     * figures overlay); skips the test when it is not set.
     */
    public static Path dataRootOrSkip() {
        String dataRoot = System.getenv("TRIPLETLAB_DATA_ROOT");
        Assumptions.assumeTrue(dataRoot != null && Files.isDirectory(Path.of(dataRoot)), "TRIPLETLAB_DATA_ROOT not set");
        return Path.of(dataRoot);
    }

    /** Copies the tree {@code from} to {@code to}. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
