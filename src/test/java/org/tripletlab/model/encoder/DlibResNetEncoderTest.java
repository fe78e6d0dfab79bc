package org.tripletlab.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tripletlab.model.ModelStats;
import org.tripletlab.util.FileReads;

/**
 * The pretrained dlib ResNet: the loader's values against the raw bytes, the block against an independent PyTorch
 * computation ({@code scripts/dlib_reference.py fixture}, which agrees with face-api's own TF.js network to 1.5e-7:
 * {@code scripts/dlib_faceapi_check.mjs}), and the shape rules. The tests that need the weights skip, saying so, when
 * {@code scripts/fetch-pretrained.sh} has not been run (CI runs it).
 */
class DlibResNetEncoderTest {

    static final Path MANIFEST = Path.of("models/dlib-resnet/face_recognition_model-weights_manifest.json");
    static final Path BIN = Path.of("models/dlib-resnet/face_recognition_model.bin");
    static final Path FIXTURE = Path.of("src/test/resources/dlib-resnet/reference.json");

    static void assumeFetched() {
        Assumptions.assumeTrue(Files.isRegularFile(MANIFEST) && Files.isRegularFile(BIN),
                "skipped: the pretrained dlib-resnet weights are not in models/dlib-resnet/; run scripts/fetch-pretrained.sh");
    }

    /**
     * Values computed from the bytes of the .bin file with the manifest's numbers written out here: the first tensor
     * ({@code conv32_down/conv/filters}, 7·7·3·32 = 4,704 uint8 codes at offset 0, scale 0.0005260649557207145,
     * min −0.07101876902229645), the first float32 tensor ({@code conv64_down/conv1/conv/filters}, 3·3·32·64 floats at
     * offset 60,672: the stem's 4,704 + 3 · 32 bytes and the 3 · 2 uint8 convs of conv32_1…3, 9,216 + 3 · 32 each, before it) and the last ({@code fc},
     * 256·128 uint8 codes ending the file, scale 0.000357687911566566, min −0.04578405268052045).
     */
    @Test
    void loaderValuesAreTheBytesDequantisedByHand() throws IOException {
        assumeFetched();
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(BIN)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(6_444_032, raw.capacity());
        TfjsWeights w = TfjsWeights.read(MANIFEST);
        assertEquals(117, w.tensors().size());

        float[] stem = w.get("conv32_down/conv/filters").values();
        assertArrayEquals(new int[] {7, 7, 3, 32}, w.get("conv32_down/conv/filters").shape());
        for (int i : new int[] {0, 1, 2, 3, 4700, 4703}) {
            assertEquals((float) (Byte.toUnsignedInt(raw.get(i)) * 0.0005260649557207145 - 0.07101876902229645), stem[i], "stem[" + i + "]");
        }
        assertEquals(60_672, 4704 + 3 * 32 + 3 * 2 * (9216 + 3 * 32));
        float[] f32 = w.get("conv64_down/conv1/conv/filters").values();
        for (int i : new int[] {0, 1, 18431}) {
            assertEquals(raw.getFloat(60_672 + 4 * i), f32[i], "conv64_down/conv1[" + i + "]");
        }
        float[] fc = w.get("fc").values();
        int fcStart = 6_444_032 - 256 * 128;
        for (int i : new int[] {0, 1, 32767}) {
            assertEquals((float) (Byte.toUnsignedInt(raw.get(fcStart + i)) * 0.000357687911566566 - 0.04578405268052045), fc[i], "fc[" + i + "]");
        }
        // and the values numpy decoded in scripts/dlib_reference.py
        Map<?, ?> samples = (Map<?, ?>) fixture().get("weights");
        for (Map.Entry<?, ?> e : samples.entrySet()) {
            Map<?, ?> s = (Map<?, ?>) e.getValue();
            List<?> index = (List<?>) s.get("index");
            List<?> value = (List<?>) s.get("value");
            float[] v = w.get((String) e.getKey()).values();
            for (int k = 0; k < index.size(); k++) {
                assertEquals(((Number) value.get(k)).floatValue(), v[(Integer) index.get(k)], e.getKey() + "[" + index.get(k) + "]");
            }
        }
    }

    /** HWIO → OIHW and in×out → out×in on small known arrays (the weights' layout change). */
    @Test
    void layoutChangesMoveEachValueToItsIndex() {
        // k[h][w][i][o] = 1000h + 100w + 10i + o for H = 2, W = 3, I = 2, O = 4
        float[] k = new float[2 * 3 * 2 * 4];
        for (int h = 0; h < 2; h++) {
            for (int x = 0; x < 3; x++) {
                for (int i = 0; i < 2; i++) {
                    for (int o = 0; o < 4; o++) {
                        k[((h * 3 + x) * 2 + i) * 4 + o] = 1000 * h + 100 * x + 10 * i + o;
                    }
                }
            }
        }
        float[] r = DlibResNetEncoder.hwioToOihw(k, 2, 3, 2, 4);
        // r[o][i][h][w] at ((o·I + i)·H + h)·W + w: o = 3, i = 1, h = 1, w = 2 → index ((3·2 + 1)·2 + 1)·3 + 2 = 47
        assertEquals(1000 + 200 + 10 + 3, r[47]);
        assertEquals(0, r[0]);
        assertEquals(100, r[1]); // w = 1
        assertEquals(1000, r[3]); // h = 1
        assertEquals(10, r[6]); // i = 1
        assertEquals(1, r[12]); // o = 1
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, DlibResNetEncoder.transpose(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    }

    /**
     * The Java block (float32) on the fixture's two 150×150 LCG images against the float64 PyTorch network's raw
     * outputs (before L2) and unit embeddings.
     */
    @Test
    void pretrainedBlockMatchesTheIndependentPyTorchNetwork() {
        assumeFetched();
        Map<?, ?> fx = fixture();
        int size = (Integer) fx.get("size");
        List<?> seeds = (List<?>) fx.get("seeds");
        EncoderSpec spec = new EncoderSpec(DlibResNetEncoder.NAME, 128, 32, 3, size);
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderBlock block = new EncoderBlock(spec, DlibResNetEncoder.body(spec, TfjsWeights.read(MANIFEST)));
            Shape in = spec.inputShape(seeds.size());
            block.initialize(m, DataType.FLOAT32, in);
            float[] x = new float[(int) in.size()];
            int per = 3 * size * size;
            for (int b = 0; b < seeds.size(); b++) {
                byte[] px = lcgBytes((Integer) seeds.get(b), per); // H × W × RGB
                for (int y = 0; y < size; y++) {
                    for (int xx = 0; xx < size; xx++) {
                        for (int c = 0; c < 3; c++) {
                            // tripletlab's batches: p / 127.5 − 1, here laid out N×C×H×W
                            x[b * per + (c * size + y) * size + xx] = (px[(y * size + xx) * 3 + c] & 0xff) / 127.5f - 1f;
                        }
                    }
                }
            }
            NDList out = block.forward(new ParameterStore(m, false), new NDList(m.create(x, in)), false);
            float[] unit = out.get(0).toFloatArray();
            float[] raw = out.get(1).toFloatArray();
            double worstRaw = 0;
            double worstUnit = 0;
            for (int b = 0; b < seeds.size(); b++) {
                List<?> expRaw = (List<?>) ((List<?>) fx.get("raw")).get(b);
                List<?> expUnit = (List<?>) ((List<?>) fx.get("unit")).get(b);
                for (int j = 0; j < 128; j++) {
                    worstRaw = Math.max(worstRaw, Math.abs(raw[b * 128 + j] - ((Number) expRaw.get(j)).doubleValue()));
                    worstUnit = Math.max(worstUnit, Math.abs(unit[b * 128 + j] - ((Number) expUnit.get(j)).doubleValue()));
                }
            }
            System.out.printf("dlib-resnet vs PyTorch float64: max |Δraw| %.3g, max |Δunit| %.3g%n", worstRaw, worstUnit);
            // outputs are up to 0.42 in size; measured 1.3e-7 (float32 through 29 conv layers)
            assertTrue(worstRaw < 1e-6, "max |Δraw| " + worstRaw);
            assertTrue(worstUnit < 1e-6, "max |Δunit| " + worstUnit);
        }
    }

    /** The same bytes as scripts/dlib_reference.py's lcg_bytes: state ← 1664525·state + 1013904223 mod 2³², byte = state ≫ 24. */
    static byte[] lcgBytes(int seed, int count) {
        byte[] out = new byte[count];
        int s = seed;
        for (int i = 0; i < count; i++) {
            s = 1664525 * s + 1013904223; // int overflow is the mod 2^32
            out[i] = (byte) (s >>> 24);
        }
        return out;
    }

    private static Map<?, ?> fixture() {
        return FileReads.jsonObject(FIXTURE, "regenerate it with /usr/bin/python3 scripts/dlib_reference.py fixture");
    }

    /** 103 px is the smallest side whose last down block still has a pixel; 150 px gives the documented sides. */
    @Test
    void smallestSideAndTheSidesAt150() {
        assertArrayEquals(new int[] {72, 35, 17, 8, 4, 2}, DlibResNetEncoder.sides(150));
        assertEquals(1, DlibResNetEncoder.sides(DlibResNetEncoder.MIN_IMAGE_SIZE)[5]);
        assertEquals(0, DlibResNetEncoder.sides(DlibResNetEncoder.MIN_IMAGE_SIZE - 1)[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Encoders.create(new EncoderSpec(DlibResNetEncoder.NAME, 128, 32, 3, 102)));
        assertEquals("dlib-resnet needs images of at least 103 px, got 102", e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderSpec spec = new EncoderSpec(DlibResNetEncoder.NAME, 128, 32, 3, 103);
            EncoderBlock block = Encoders.create(spec);
            block.initialize(m, DataType.FLOAT32, spec.inputShape(1));
            NDArray out = block.forward(new ParameterStore(m, false), new NDList(m.zeros(spec.inputShape(1))), false).get(0);
            assertEquals(new Shape(1, 128), out.getShape());
        }
    }

    /**
     * 5,614,592 parameters (the manifest's 117 tensors) in DJL's layout; FLOPs by hand at 150 px: the stem
     * 2·32·72²·147 plus each 3×3 conv 2·Cout·H·W·Cin·9 at its output side, plus the 256→128 head.
     */
    @Test
    void parameterAndFlopCountsAtThePretrainedShape() {
        EncoderSpec spec = new EncoderSpec(DlibResNetEncoder.NAME, 128, 32, 3, 150);
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderBlock block = Encoders.create(spec);
            block.initialize(m, DataType.FLOAT32, spec.inputShape(1));
            ModelStats s = ModelStats.of(block, spec.inputShape(1));
            assertEquals(5_614_592, s.parameters());
            long conv3 = 0;
            // {Cout, side, Cin, how many}: res blocks (2 convs each) and the down blocks' two convs
            long[][] convs = {
                {32, 35, 32, 6},                      // 3 res(32) at 35²
                {64, 17, 32, 1}, {64, 17, 64, 1 + 6}, // down(32→64) at 17², 3 res(64)
                {128, 8, 64, 1}, {128, 8, 128, 1 + 4},
                {256, 3, 128, 1}, {256, 3, 256, 1},   // down(128→256): its branch is 3² (padded to 4² after)
                {256, 4, 256, 4},                     // 2 res(256) at 4²
                {256, 1, 256, 2},                     // down(256→256): branch 1²
            };
            for (long[] c : convs) {
                conv3 += c[3] * 2L * c[0] * c[1] * c[1] * c[2] * 9;
            }
            long expected = 2L * 32 * 72 * 72 * 7 * 7 * 3 + conv3 + 2L * 256 * 128;
            assertEquals(expected, s.flopsPerImage());
        }
    }

    @Test
    void pretrainedWeightsNeedThePretrainedShape() {
        assumeFetched();
        TfjsWeights w = TfjsWeights.read(MANIFEST);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DlibResNetEncoder.body(new EncoderSpec(DlibResNetEncoder.NAME, 64, 32, 3, 150), w));
        assertEquals("dlib-resnet's pretrained weights need width 32, embedding 128 and 3 channels, got 32, 64 and 3", e.getMessage());
    }
}
