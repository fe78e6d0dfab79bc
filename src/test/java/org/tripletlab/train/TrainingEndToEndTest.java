package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.run.RunDirectory;

/** Trains on synthetic faces for real: the run must learn, be reproducible, and record what it did. */
class TrainingEndToEndTest {
    /** Small enough for CI (32×32 grey, narrow net), large enough that learning is unmistakable. */
    static final String SMALL = """
            name: e2e
            seed: 11
            data:
              source: synthetic
              image_size: 32
              channels: 1
              split: {val_fraction: 0.25}
              val_images: 240
              synthetic: {identities: 160, images_per_identity: 8}
            sampler: {identities: 16, images: 4}
            encoder: {architecture: small-conv, embedding: 32, width: 16}
            loss: {margin: 0.2, reduction: mean}
            miner: {strategy: semi-hard, fallback: hardest-negative}
            optimizer: {name: adam, lr: 0.003, schedule: cosine, warmup_steps: 10}
            """;

    /**
     * The checks every "this component learns" run shares: validation accuracy above 0.75 and up by more than
     * 0.15, d(A,N) at least 0.2 above d(A,P), {@code configLine} in the written config.yaml, and the run id
     * reproduced from it.
     */
    static void assertLearned(TrainingRun.Outcome o, String label, String configLine) throws java.io.IOException {
        double untrained = o.validations().get(0).accuracy();
        double trained = o.last().accuracy();
        System.out.printf("%s: validation accuracy %.3f → %.3f%n", label, untrained, trained);
        assertTrue(trained > 0.75, "validation accuracy after training: " + trained + " (untrained " + untrained + ")");
        assertTrue(trained - untrained > 0.15, "learned " + untrained + " → " + trained);
        assertTrue(o.last().negatives().mean() > o.last().positives().mean() + 0.2, "d(A,N) pulled away from d(A,P)");
        String yaml = Files.readString(o.runDir().resolve("config.yaml"));
        assertTrue(yaml.contains(configLine), yaml);
        Config resolved = Config.load(o.runDir().resolve("config.yaml"), List.of());
        assertEquals(o.runId(), RunDirectory.runId(resolved));
    }

    static TrainingRun.Outcome train(Path out, String yaml, String... overrides) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(yaml, "e2e.yaml", List.of(overrides)));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        return TrainingRun.run(cfg, new TrainingRun.Options(out, null, false, new PrintStream(console, true, StandardCharsets.UTF_8)));
    }

    @Test
    void learnsWellAboveChanceOnSyntheticFaces(@TempDir Path out) throws Exception {
        TrainingRun.Outcome o = train(out, SMALL, "train.epochs=12");
        double untrained = o.validations().get(0).accuracy();
        double trained = o.last().accuracy();
        assertTrue(untrained < 0.7, "the untrained encoder should fail on synthetic faces, got " + untrained);
        assertTrue(trained > 0.8, "validation accuracy after training: " + trained + " (untrained " + untrained + ")");
        assertTrue(trained - untrained > 0.15, "learned " + untrained + " → " + trained);
        assertTrue(o.last().auc() > 0.85, "AUC " + o.last().auc());
        assertTrue(o.last().negatives().mean() > o.last().positives().mean() + 0.3, "d(A,N) pulled away from d(A,P)");

        Path dir = o.runDir();
        for (String f : List.of("config.yaml", "provenance.json", "steps.csv", "epochs.csv", "distances.csv", "events.csv", "COMPLETE")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f + " missing");
        }
        assertTrue(Files.list(dir.resolve("checkpoints/best")).anyMatch(p -> p.toString().endsWith(".params")));
        List<String> epochs = Files.readAllLines(dir.resolve("epochs.csv"));
        assertEquals(1 + 13, epochs.size(), "header, epoch 0 (untrained) and 12 epochs");
        List<String> steps = Files.readAllLines(dir.resolve("steps.csv"));
        assertEquals(1 + o.steps(), steps.size());
        for (String line : steps.subList(1, steps.size())) {
            assertFalse(line.contains("NaN") || line.contains(",,"), "no missing numbers in steps.csv: " + line);
        }
        String prov = Files.readString(dir.resolve("provenance.json"));
        assertTrue(prov.contains("\"status\": \"complete\"") && prov.contains("\"manifest_sha256\"")
                && prov.contains("\"engine_version\": \"2.7.1\"") && prov.contains("\"seed\": 11"), prov);
        // The resolved config reproduces the run id.
        Config resolved = Config.load(dir.resolve("config.yaml"), List.of());
        assertEquals(o.runId(), RunDirectory.runId(resolved));
        // Running the same config again is recognised and writes nothing.
        TrainingRun.Outcome again = train(out, SMALL, "train.epochs=12");
        assertTrue(again.skipped());
        assertEquals(o.runDir(), again.runDir());
    }

    @Test
    void sameConfigAndSeedGiveIdenticalLogs(@TempDir Path out) throws Exception {
        TrainingRun.Outcome a = train(out.resolve("a"), SMALL, "train.steps=15", "miner.strategy=hardest", "eval.every_epochs=1",
                "train.steps_per_epoch=5", "train.checkpoints=false");
        TrainingRun.Outcome b = train(out.resolve("b"), SMALL, "train.steps=15", "miner.strategy=hardest", "eval.every_epochs=1",
                "train.steps_per_epoch=5", "train.checkpoints=false");
        assertEquals(a.runId(), b.runId());
        // Timing columns (img/s, minutes) are the only ones allowed to differ.
        assertEquals(withoutLastColumn(a.runDir().resolve("steps.csv")), withoutLastColumn(b.runDir().resolve("steps.csv")));
        assertEquals(withoutLastColumn(a.runDir().resolve("epochs.csv")), withoutLastColumn(b.runDir().resolve("epochs.csv")));
        assertEquals(Files.readString(a.runDir().resolve("distances.csv")), Files.readString(b.runDir().resolve("distances.csv")));
        TrainingRun.Outcome c = train(out.resolve("c"), SMALL, "train.steps=15", "miner.strategy=hardest", "eval.every_epochs=1",
                "train.steps_per_epoch=5", "train.checkpoints=false", "seed=12");
        assertFalse(withoutLastColumn(a.runDir().resolve("steps.csv")).equals(withoutLastColumn(c.runDir().resolve("steps.csv"))),
                "another seed gives another run");
    }

    static List<String> withoutLastColumn(Path csv) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] cells = line.split(",", -1);
            out.add(String.join(",", Arrays.copyOf(cells, cells.length - 1)));
        }
        return out;
    }
}
