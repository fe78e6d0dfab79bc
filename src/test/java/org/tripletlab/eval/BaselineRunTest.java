package org.tripletlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Config;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.experiment.ExperimentRun;
import org.tripletlab.projection.LinearProjection;
import org.tripletlab.train.TrainingRun;

/** A fitted baseline is a run like any other: same folder, same validation, same benchmark pipeline. */
class BaselineRunTest {
    private static final String YAML = "name: bl\ndata: {source: synthetic, image_size: 32, val_images: 80, "
            + "synthetic: {identities: 40, images_per_identity: 4}}\n"
            + "sampler: {identities: 8, images: 4}\neval: {benchmarks: [lfw-dev]}\n";

    private static TrainingRun.Outcome fit(Path tmp, Path root, String... overrides) {
        ExperimentConfig cfg = ExperimentConfig.from(Config.parse(YAML, "bl.yaml", List.of(overrides)));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        return ExperimentRun.run(cfg, new TrainingRun.Options(tmp.resolve("out"), root, false,
                new PrintStream(console, true, StandardCharsets.UTF_8)));
    }

    @Test
    void eigenfacesRunIsWrittenAndEvaluatedLikeATrainedRun(@TempDir Path tmp) throws Exception {
        Path root = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        TrainingRun.Outcome o = fit(tmp, root, "baseline.kind=eigenfaces", "baseline.components=16");
        Path dir = o.runDir();
        for (String f : List.of("config.yaml", "provenance.json", "epochs.csv", LinearProjection.FILE, "COMPLETE",
                "eval/lfw-dev.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f + " missing");
        }
        assertEquals(16, LinearProjection.load(dir.resolve(LinearProjection.FILE)).outputDim());
        assertTrue(o.bestAccuracy() > 0.5, "eigenfaces beat chance on synthetic faces: " + o.bestAccuracy());
        assertTrue(Files.readString(dir.resolve("provenance.json")).contains("\"explained_variance\""));
        assertTrue(Files.readString(dir.resolve("eval/lfw-dev.json")).contains("\"baseline\": \"eigenfaces\""));
        // tripletlab eval <run-dir> on the finished run
        List<BenchmarkReport> again = RunEvaluator.evaluateRun(dir, List.of("lfw-dev"), root, "best", false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, again.size());
    }

    @Test
    void fisherfacesAndPixelsRuns(@TempDir Path tmp) throws Exception {
        Path root = RunEvaluatorTest.fixtureLfw(tmp.resolve("data"));
        TrainingRun.Outcome f = fit(tmp, root, "baseline.kind=fisherfaces", "baseline.pca_components=40");
        assertTrue(LinearProjection.load(f.runDir().resolve(LinearProjection.FILE)).outputDim() <= 31, "at most c − 1 dims");
        assertTrue(f.bestAccuracy() > 0.5, "fisherfaces: " + f.bestAccuracy());
        TrainingRun.Outcome p = fit(tmp, root, "baseline.kind=pixels");
        assertTrue(Files.isRegularFile(p.runDir().resolve("eval/lfw-dev.json")));
    }

    @Test
    void shippedBaselineConfigsAreValid() throws Exception {
        List<Path> files;
        try (var s = Files.list(Path.of("experiments/baselines"))) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 6, "baseline presets: " + files);
        for (Path f : files) {
            ExperimentConfig cfg = ExperimentConfig.from(Config.load(f, List.of()));
            assertEquals(List.of("lfw", "cfp-fp"), cfg.eval().benchmarks(), f.toString());
            assertEquals(List.of("celeba", "celeba-test", "cfp"), cfg.data().sources().names(), f + ": outside-data protocol v2");
            // framed like LFW's crop, as experiments/lfw-outside-data-v2.yaml frames them
            assertEquals(List.of(15, 35, 59, 59), cfg.raw().getIntList("data.celeba.crop"), f.toString());
        }
        ExperimentConfig facenet = ExperimentConfig.from(Config.load(Path.of("experiments/baselines/facenet-style.yaml"), List.of()));
        assertEquals("semi-hard", facenet.miner().strategy());
        assertEquals(0.2, facenet.loss().margin(), 0);
        assertEquals(128, facenet.encoder().embedding());
    }

    @Test
    void configErrorsAreClear() {
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.from(Config.parse(YAML, "bl.yaml",
                List.of("baseline.kind=eigenfaces", "loss.kind=softmax"))));
        assertTrue(e.getMessage().contains("loss.kind"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ExperimentConfig.from(Config.parse(YAML, "bl.yaml",
                List.of("baseline.kind=eigenfaces", "baseline.pca_components=10"))));
        assertTrue(e.getMessage().contains("fisherfaces"), e.getMessage());
    }
}
