package org.tripletlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.component.ConfigException;
import org.tripletlab.config.Config;
import org.tripletlab.config.ExperimentConfig;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.IdentitySplit;
import org.tripletlab.data.source.DataSources;
import org.tripletlab.model.CheckpointFingerprint;
import org.tripletlab.model.Checkpoints;
import org.tripletlab.model.encoder.EncoderBlock;
import org.tripletlab.model.encoder.EncoderSpec;
import org.tripletlab.model.encoder.Encoders;
import org.tripletlab.run.Provenance;
import org.tripletlab.run.RunFiles;
import org.tripletlab.util.CsvReader;
import org.tripletlab.util.FileReads;

/**
 * {@code encoder.init}: the weights are those of the file (known answers: dlib's TF.js weights give the independent
 * PyTorch network's embeddings; a run's checkpoint gives that run's last validation as the new run's step-0 validation),
 * a short fine-tune moves them and lowers the loss, provenance records the file's SHA-256, and bad input is an error
 * naming the key before any image is read.
 */
class InitialWeightsTest {
    static final Path MANIFEST = Path.of("models/dlib-resnet/face_recognition_model-weights_manifest.json");
    static final Path FIXTURE = Path.of("src/test/resources/dlib-resnet/reference.json");
    /** scripts/fetch-pretrained.sh's recorded hash of the manifest. */
    static final String MANIFEST_SHA256 = "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b";

    private static ExperimentConfig cfg(String yaml, String... overrides) {
        return ExperimentConfig.from(Config.parse(yaml, "init.yaml", List.of(overrides)));
    }

    private static final String DLIB = """
            name: init
            data: {source: synthetic, image_size: 150, channels: 3}
            encoder: {architecture: dlib-resnet, embedding: 128, width: 32}
            """;

    /**
     * A randomly initialised dlib-resnet block, after {@code copyInto}, embeds the fixture's two 150 × 150 images as
     * the float64 PyTorch network of {@code scripts/dlib_reference.py} does from the same files (the pretrained eval's
     * network: {@code DlibResNetEncoderTest} compares that one with the same fixture).
     */
    @Test
    void tfjsInitGivesThePretrainedNetworksEmbeddings() {
        Assumptions.assumeTrue(Files.isRegularFile(MANIFEST), "skipped: run scripts/fetch-pretrained.sh for the dlib-resnet weights");
        InitialWeights init = InitialWeights.of(cfg(DLIB, "encoder.init=" + MANIFEST));
        assertEquals("tfjs-manifest", init.record().get("kind"));
        assertEquals(MANIFEST_SHA256, ((Map<?, ?>) init.record().get("sha256")).get(MANIFEST.getFileName().toString()));

        Map<?, ?> fx = FileReads.jsonObject(FIXTURE, "regenerate it with /usr/bin/python3 scripts/dlib_reference.py fixture");
        int size = (Integer) fx.get("size");
        List<?> seeds = (List<?>) fx.get("seeds");
        EncoderSpec spec = new EncoderSpec("dlib-resnet", 128, 32, 3, size);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            EncoderBlock block = Encoders.create(spec);
            Shape in = spec.inputShape(seeds.size());
            block.initialize(m, DataType.FLOAT32, in);
            float[] x = lcgImages(seeds, size);
            double before = worstDifference(block, m, x, in, fx);
            init.copyInto(block);
            double after = worstDifference(block, m, x, in, fx);
            assertTrue(before > 0.1, "the random initialisation is far from the pretrained network: " + before);
            assertTrue(after < 1e-6, "max |Δunit| after encoder.init: " + after);
        }
    }

    /**
     * Through {@code train}: a dlib-resnet run with {@code encoder.init} = the manifest validates at step 0 exactly as the
     * pretrained network ({@code encoder.weights}, what {@code eval --pretrained} runs) embeds the same validation images,
     * records the manifest's and the weight file's SHA-256, and two steps later holds other weights.
     */
    @Test
    void dlibRunStartsFromThePretrainedNetwork(@TempDir Path out) {
        Assumptions.assumeTrue(Files.isRegularFile(MANIFEST), "skipped: run scripts/fetch-pretrained.sh for the dlib-resnet weights");
        String yaml = """
                name: init
                seed: 5
                data: {source: synthetic, image_size: 150, channels: 3, val_images: 24, split: {val_fraction: 0.5},
                       synthetic: {identities: 8, images_per_identity: 4}}
                sampler: {identities: 2, images: 2}
                encoder: {architecture: dlib-resnet, embedding: 128, width: 32}
                optimizer: {name: adam, lr: 0.0001}
                train: {steps: 2, threads: 1}
                eval: {batch: 12}
                """;
        TrainingRun.Outcome o = TrainingEndToEndTest.train(out, yaml, "encoder.init=" + MANIFEST);
        ExperimentConfig cfg = ExperimentConfig.from(Config.load(o.runDir().resolve(RunFiles.CONFIG), List.of()));
        FaceDataset ds = DataSources.load(cfg.data(), null).dataset();
        int[] val = IdentitySplit.of(ds, cfg.data().valFraction(), cfg.seed()).validationImages(ds, cfg.data().valImages(), 10, cfg.seed());
        int[] labels = java.util.Arrays.stream(val).map(ds::label).toArray();
        EncoderSpec spec = new EncoderSpec("dlib-resnet", 128, 32, 3, 150);
        try (Model m = Model.newInstance("pretrained")) {
            EncoderBlock block = Encoders.create(spec, cfg.raw().with(List.of("encoder.weights=" + MANIFEST)));
            m.setBlock(block);
            block.initialize(m.getNDManager(), DataType.FLOAT32, spec.inputShape(1));
            ValidationResult pretrained = ValidationResult.of(Checkpoints.embedder(m).embed(ds, val, 12), labels);
            ValidationResult start = o.validations().get(0);
            assertEquals(pretrained.accuracy(), start.accuracy(), 1e-12);
            assertEquals(pretrained.auc(), start.auc(), 1e-12);
            assertEquals(pretrained.positives().mean(), start.positives().mean(), 1e-6);
            assertNotEquals(start.positives().mean(), o.last().positives().mean(), "two steps moved the weights");
        }
        Map<?, ?> init = (Map<?, ?>) ((Map<?, ?>) Provenance.read(o.runDir().resolve(RunFiles.PROVENANCE)).get("encoder")).get("init");
        Map<?, ?> sha = (Map<?, ?>) init.get("sha256");
        assertEquals(MANIFEST_SHA256, sha.get(MANIFEST.getFileName().toString()));
        assertEquals("b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589", sha.get("face_recognition_model.bin"));
    }

    /** The fixture's images as tripletlab's batches hold them (p / 127.5 − 1, N×C×H×W), from dlib_reference.py's LCG bytes. */
    private static float[] lcgImages(List<?> seeds, int size) {
        int per = 3 * size * size;
        float[] x = new float[seeds.size() * per];
        for (int b = 0; b < seeds.size(); b++) {
            int s = (Integer) seeds.get(b);
            byte[] px = new byte[per]; // H × W × RGB: state ← 1664525·state + 1013904223 mod 2³², byte = state ≫ 24
            for (int i = 0; i < per; i++) {
                s = 1664525 * s + 1013904223;
                px[i] = (byte) (s >>> 24);
            }
            for (int y = 0; y < size; y++) {
                for (int xx = 0; xx < size; xx++) {
                    for (int c = 0; c < 3; c++) {
                        x[b * per + (c * size + y) * size + xx] = (px[(y * size + xx) * 3 + c] & 0xff) / 127.5f - 1f;
                    }
                }
            }
        }
        return x;
    }

    private static double worstDifference(EncoderBlock block, NDManager m, float[] x, Shape in, Map<?, ?> fx) {
        float[] unit = block.forward(new ParameterStore(m, false), new NDList(m.create(x, in)), false).get(0).toFloatArray();
        double worst = 0;
        for (int b = 0; b < in.get(0); b++) {
            List<?> expected = (List<?>) ((List<?>) fx.get("unit")).get(b);
            for (int j = 0; j < 128; j++) {
                worst = Math.max(worst, Math.abs(unit[b * 128 + j] - ((Number) expected.get(j)).doubleValue()));
            }
        }
        return worst;
    }

    /**
     * Run A trains 6 steps; run B starts from A's best checkpoint with the same data and seed (so the same validation
     * images). B's step-0 validation is A's best validation to the last digit, B's provenance names A's params file by
     * its SHA-256, and B's own training moves the weights and lowers the loss.
     */
    @Test
    void checkpointInitStartsWhereTheSourceRunEndedAndFineTuningMovesOn(@TempDir Path out) throws IOException {
        TrainingRun.Outcome a = TrainingEndToEndTest.train(out.resolve("a"), TrainingEndToEndTest.SMALL, "train.steps=6",
                "train.steps_per_epoch=3");
        ValidationResult bestOfA = a.validations().subList(1, a.validations().size()).stream()
                .filter(v -> v.accuracy() == a.bestAccuracy()).findFirst().orElseThrow();
        TrainingRun.Outcome b = TrainingEndToEndTest.train(out.resolve("b"), TrainingEndToEndTest.SMALL, "train.steps=30",
                "encoder.init=" + a.runDir(), "optimizer.warmup_steps=0");
        ValidationResult start = b.validations().get(0);
        assertEquals(bestOfA.accuracy(), start.accuracy(), 1e-12);
        assertEquals(bestOfA.auc(), start.auc(), 1e-12);
        assertEquals(bestOfA.positives().mean(), start.positives().mean(), 1e-6);
        assertEquals(bestOfA.negatives().mean(), start.negatives().mean(), 1e-6);
        // without encoder.init the same config starts from the random initialisation: far from A's weights
        assertNotEquals(a.validations().get(0).positives().mean(), start.positives().mean());

        Map<?, ?> init = (Map<?, ?>) ((Map<?, ?>) Provenance.read(b.runDir().resolve(RunFiles.PROVENANCE)).get("encoder")).get("init");
        String paramsOfA = CheckpointFingerprint.read(Checkpoints.dir(a.runDir(), Checkpoints.BEST).resolve(Checkpoints.FINGERPRINT))
                .paramsSha256();
        assertEquals("checkpoint", init.get("kind"));
        assertEquals(a.runId(), init.get("run"));
        assertEquals(paramsOfA, ((Map<?, ?>) init.get("sha256")).get("params"));
        assertTrue(Files.readString(b.runDir().resolve(RunFiles.CONFIG)).contains("init: " + a.runDir()), "config.yaml names the file");
        assertNotEquals(a.runId(), b.runId());

        String paramsOfB = CheckpointFingerprint.read(Checkpoints.dir(b.runDir(), Checkpoints.LAST).resolve(Checkpoints.FINGERPRINT))
                .paramsSha256();
        assertNotEquals(paramsOfA, paramsOfB, "fine-tuning changed the weights");
        List<List<String>> rows = CsvReader.readIfPresent(b.runDir().resolve(RunFiles.STEPS));
        int col = rows.get(0).indexOf("loss");
        List<Double> loss = rows.subList(1, rows.size()).stream().map(r -> Double.parseDouble(r.get(col))).toList();
        assertEquals(30, loss.size());
        double first = loss.subList(0, 10).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = loss.subList(20, 30).stream().mapToDouble(d -> d).average().orElseThrow();
        System.out.printf("fine-tune from a 6-step run: training loss %.4f (steps 1–10) → %.4f (steps 21–30); validation %.3f → %.3f%n",
                first, last, start.accuracy(), b.last().accuracy());
        assertTrue(last < first, "mean loss of steps 21–30 " + last + " below steps 1–10 " + first);
    }

    @Test
    void badInitIsAnErrorNamingTheKeyBeforeAnyImageIsRead(@TempDir Path out) throws IOException {
        assertInitError(out, "missing", "encoder.init: nope/w.json does not exist", TrainingEndToEndTest.SMALL, "encoder.init=nope/w.json");
        Files.createDirectories(out.resolve("empty"));
        assertInitError(out, "not a run", "is neither a run folder", TrainingEndToEndTest.SMALL, "encoder.init=" + out.resolve("empty"));
        Path manifest = Files.writeString(out.resolve("w.json"), "[]");
        assertInitError(out, "tfjs for small-conv", "only dlib-resnet reads", TrainingEndToEndTest.SMALL, "encoder.init=" + manifest);
        assertInitError(out, "not a manifest", "encoder.init: " + manifest, DLIB, "encoder.init=" + manifest);
        Path text = Files.writeString(out.resolve("w.txt"), "x");
        assertInitError(out, "not json", "neither a folder nor a .json manifest", TrainingEndToEndTest.SMALL, "encoder.init=" + text);

        TrainingRun.Outcome a = TrainingEndToEndTest.train(out.resolve("a"), TrainingEndToEndTest.SMALL, "train.steps=2");
        IllegalArgumentException shape = assertInitError(out, "other width", "does not fit the encoder this config describes",
                TrainingEndToEndTest.SMALL, "encoder.init=" + a.runDir(), "encoder.width=8");
        assertTrue(shape.getMessage().contains("encoder.width"), shape.getMessage());
        assertInitError(out, "other architecture", "trained encoder.architecture small-conv, this config resnet",
                TrainingEndToEndTest.SMALL, "encoder.init=" + a.runDir(), "encoder.architecture=resnet");

        ConfigException weights = assertThrows(ConfigException.class, () -> TrainingRun.run(cfg(DLIB, "encoder.weights=" + MANIFEST),
                new TrainingRun.Options(out.resolve("w"), null, false, quiet())));
        assertTrue(weights.getMessage().contains("encoder.weights") && weights.getMessage().contains("set encoder.init: " + MANIFEST),
                weights.getMessage());
        assertFalse(Files.exists(out.resolve("w")), "nothing written");
    }

    private static IllegalArgumentException assertInitError(Path out, String label, String expected, String yaml, String... overrides) {
        Path runs = out.resolve("runs-" + label.replace(' ', '-'));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.run(cfg(yaml, overrides), new TrainingRun.Options(runs, null, false, quiet())), label);
        assertTrue(e.getMessage().contains(expected), label + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("encoder.init: "), label + ": " + e.getMessage());
        assertFalse(Files.exists(runs), label + ": no run folder before the weights are checked");
        return e;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
