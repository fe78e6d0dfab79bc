package org.tripletlab.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.DataException;
import org.tripletlab.data.protocol.PairProtocol;
import org.tripletlab.eval.BenchmarkReport;
import org.tripletlab.eval.PairBenchmarks;
import org.tripletlab.eval.RunEvaluator;
import org.tripletlab.train.TestIdentityCheck;
import org.tripletlab.util.Hashing;

/**
 * The generated Olivetti protocol's known answers (on a stand-in folder and on the real one), and the
 * raw-pixel embedding evaluated on it end to end.
 */
class OlivettiBenchmarkTest {
    /** SHA-256 of {@link #listing} for the real 40 × 10 labels.csv: pins the seeded protocol. */
    static final String PAIRS_SHA256 = "4d31064b1967583ae4fdf59dcb321f077e00849c01db36db2ad5a3b09d8b6e07";

    static Path realRoot() {
        String env = System.getenv("TRIPLETLAB_DATA_ROOT");
        Path root = env == null ? Path.of("../shared/datasets") : Path.of(env);
        assumeTrue(Files.isRegularFile(root.resolve("olivetti/labels.csv")),
                "Olivetti not found under " + root.toAbsolutePath() + " (set TRIPLETLAB_DATA_ROOT)");
        return root;
    }

    /** A folder laid out as the datasets README describes Olivetti: images/image-N.png, subject N / 10. */
    static Path standIn(Path dir, int subjects, int perSubject) throws Exception {
        Files.createDirectories(dir.resolve("images"));
        StringBuilder csv = new StringBuilder("image,subject\n");
        for (int n = 0; n < subjects * perSubject; n++) {
            Files.writeString(dir.resolve("images/image-" + n + ".png"), "");
            csv.append("images/image-").append(n).append(".png,").append(n / perSubject).append('\n');
        }
        Files.writeString(dir.resolve("labels.csv"), csv.toString());
        return dir;
    }

    /** One line a pair: fold, same, both paths. */
    static String listing(PairProtocol p) {
        StringBuilder s = new StringBuilder();
        for (PairProtocol.Pair pair : p.pairs()) {
            s.append(pair.fold()).append(' ').append(pair.same() ? "same" : "diff").append(' ')
                    .append(p.images().get(pair.first()).path()).append(' ').append(p.images().get(pair.second()).path()).append('\n');
        }
        return s.toString();
    }

    /** The shape every Olivetti-like folder of 40 × 10 must give. */
    static void checkProtocol(PairProtocol p) {
        assertEquals("olivetti", p.name());
        assertEquals("olivetti", p.source());
        assertEquals(10, p.foldCount());
        assertEquals(400, p.images().size(), "every image is used");
        assertEquals(3600, p.pairs().size());
        for (PairProtocol.FoldCounts c : p.foldCounts()) {
            assertEquals(180, c.same(), "fold " + c.fold());
            assertEquals(180, c.different(), "fold " + c.fold());
        }
        List<Set<String>> people = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            people.add(new HashSet<>());
        }
        Set<String> distinct = new HashSet<>();
        for (PairProtocol.Pair pair : p.pairs()) {
            PairProtocol.Image a = p.images().get(pair.first());
            PairProtocol.Image b = p.images().get(pair.second());
            assertNotEquals(a.path(), b.path());
            assertTrue(distinct.add(pair.first() + "," + pair.second() + "," + pair.second() + "," + pair.first()), "pair listed twice");
            // subject from the file number (N / 10), independent of the labels the protocol read
            assertEquals(pair.same(), subject(a.path()) == subject(b.path()), a.path() + " vs " + b.path());
            assertEquals("olivetti:" + subject(a.path()), a.identity());
            people.get(pair.fold()).add(a.identity());
            people.get(pair.fold()).add(b.identity());
        }
        Set<String> all = new HashSet<>();
        for (int f = 0; f < 10; f++) {
            assertEquals(4, people.get(f).size(), "fold " + f + " has 4 people");
            for (String id : people.get(f)) {
                assertTrue(all.add(id), id + " in two folds: folds must be identity-disjoint");
            }
        }
        assertEquals(40, all.size());
    }

    static int subject(String path) {
        return Integer.parseInt(path.substring(path.indexOf('-') + 1, path.indexOf('.'))) / 10;
    }

    @Test
    void standInFolderGivesTheDocumentedShapeAndTheSamePairsEveryTime(@TempDir Path tmp) throws Exception {
        Path dir = standIn(tmp.resolve("olivetti"), 40, 10);
        PairProtocol p = OlivettiBenchmark.INSTANCE.read(dir);
        checkProtocol(p);
        assertEquals(listing(p), listing(OlivettiBenchmark.INSTANCE.read(dir)), "deterministic");
    }

    @Test
    void missingImageOrBadRowIsAnErrorNamingIt(@TempDir Path tmp) throws Exception {
        Path dir = standIn(tmp.resolve("olivetti"), 40, 10);
        Files.delete(dir.resolve("images/image-17.png"));
        DataException e = assertThrows(DataException.class, () -> OlivettiBenchmark.INSTANCE.read(dir));
        assertTrue(e.getMessage().contains("images/image-17.png"), e.getMessage());
        Files.writeString(dir.resolve("labels.csv"), "image,subject\nimages/image-0.png,zero\n");
        e = assertThrows(DataException.class, () -> OlivettiBenchmark.INSTANCE.read(dir));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void realProtocolIsPinned() {
        PairProtocol p = OlivettiBenchmark.INSTANCE.read(realRoot().resolve("olivetti"));
        checkProtocol(p);
        assertEquals(PAIRS_SHA256, Hashing.sha256(listing(p)));
    }

    @Test
    void aRunTrainedOnOlivettiMeetsItsTestIdentities() {
        Path root = realRoot();
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse("", "test", List.of("data.source=olivetti",
                "train.checkpoints=true", "eval.benchmarks=[olivetti]", "eval.allow_test_overlap=[]")));
        PairProtocol p = PairBenchmarks.protocol("olivetti", root, cfg);
        DataException e = assertThrows(DataException.class,
                () -> TestIdentityCheck.run(cfg, root, List.of("olivetti:3", "olivetti:7"), Map.of("olivetti", p)));
        assertTrue(e.getMessage().contains("olivetti"), e.getMessage());
    }

    @Test
    void rawPixelsEvaluateEndToEnd(@TempDir Path tmp) throws Exception {
        Path root = realRoot();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<BenchmarkReport> reports = RunEvaluator.evaluatePixels(List.of("olivetti"), root, tmp, 64, 1,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(1, reports.size());
        double acc = reports.get(0).accuracy();
        System.out.println("olivetti raw pixels 64x64 grey: " + reports.get(0).headline());
        // same-person Olivetti images differ by pose and expression only: raw pixels measured 0.7642 ± 0.0130 (AUC 0.845)
        assertTrue(acc > 0.70 && acc < 0.90, "accuracy " + acc);
        assertTrue(Files.isRegularFile(tmp.resolve("eval/olivetti.json")));
    }
}
