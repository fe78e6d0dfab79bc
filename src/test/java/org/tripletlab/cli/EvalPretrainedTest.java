package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.util.FileReads;

/**
 * {@code tripletlab eval --pretrained CONFIG}: the committed dlib-resnet config evaluated end to end on a small benchmark
 * (Olivetti, 400 images, when the data root and the fetched weights are there), and the usage errors, which need
 * neither.
 */
class EvalPretrainedTest {
    static final Path CONFIG = Path.of("experiments/pretrained/dlib-resnet.yaml");

    @Test
    void theCommittedConfigEvaluatesThePretrainedNetworkThroughTheBenchmarkPath(@TempDir Path out) {
        Path dataRoot = CommittedStudies.dataRootOrSkip();
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("models/dlib-resnet/face_recognition_model.bin")),
                "skipped: the pretrained dlib-resnet weights are not in models/dlib-resnet/; run scripts/fetch-pretrained.sh");
        String printed = CommittedStudies.run(List.of("eval", "--pretrained", CONFIG.toString(), "--benchmark", "olivetti",
                "--data-root", dataRoot.toString(), "--out", out.toString(), "--threads", "2"));
        assertTrue(printed.contains("Pretrained dlib-resnet from models/dlib-resnet/face_recognition_model-weights_manifest.json (not trained here), 150 px"),
                printed);
        Map<?, ?> json = FileReads.jsonObject(out.resolve("eval/olivetti.json"), "");
        assertEquals("dlib-resnet", json.get("pretrained"));
        assertEquals(true, json.get("pretrained_not_trained_here"));
        assertEquals(Map.of("face_recognition_model-weights_manifest.json", "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b",
                "face_recognition_model.bin", "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589"), json.get("weights_sha256"));
        double accuracy = ((Number) ((Map<?, ?>) ((Map<?, ?>) json.get("verification")).get("accuracy")).get("mean")).doubleValue();
        // 40 people photographed under controlled light: any working face embedding separates them; chance is 0.5
        assertTrue(accuracy > 0.9, "olivetti accuracy " + accuracy);
        assertTrue(Files.isRegularFile(out.resolve("eval/olivetti-pairs.csv")));
    }

    @Test
    void aConfigWithoutWeightsAndSetWithoutPretrainedAreRefused(@TempDir Path dir) throws Exception {
        Path noWeights = dir.resolve("untrained.yaml");
        Files.writeString(noWeights, "name: untrained\ndata: {image_size: 150, channels: 3}\nencoder: {architecture: dlib-resnet}\n");
        FaultMessagesTest.Ran r = FaultMessagesTest.run("eval", "--pretrained", noWeights.toString(), "--benchmark", "olivetti",
                "--data-root", dir.toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("untrained.yaml: sets no encoder.weights"), r.err());
        FaultMessagesTest.Ran s = FaultMessagesTest.run("eval", "results/quickstart/e858bb434925", "--set", "data.image_size=32",
                "--benchmark", "lfw", "--data-root", dir.toString()).noTrace();
        assertEquals(2, s.code());
        assertTrue(s.err().contains("--set applies to --pretrained's config"), s.err());
        assertFalse(Files.exists(dir.resolve("eval")));
    }

    @Test
    void missingWeightsNameTheFileAndTheFetchScript(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("absent.yaml");
        Files.writeString(cfg, "name: absent\ndata: {image_size: 150, channels: 3}\n"
                + "encoder: {architecture: dlib-resnet, weights: " + dir.resolve("nowhere/m.json") + "}\n");
        FaultMessagesTest.Ran r = FaultMessagesTest.run("eval", "--pretrained", cfg.toString(), "--benchmark", "olivetti",
                "--data-root", dir.toString(), "--out", dir.resolve("o").toString()).noTrace();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nowhere/m.json: no such file") && r.err().contains("scripts/fetch-pretrained.sh"), r.err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
    }
}
