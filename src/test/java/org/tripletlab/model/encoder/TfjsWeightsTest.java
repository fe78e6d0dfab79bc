package org.tripletlab.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.util.BadFileException;

/** The TF.js manifest loader on small hand-made manifests: every stored type against values worked out by hand. */
class TfjsWeightsTest {

    @TempDir
    Path dir;

    /**
     * Two groups, the first split over two files. Hand values:
     * <pre>
     *   a  uint8 [2, 2], scale 0.5, min −1:   codes 0, 1, 2, 255 → −1, −0.5, 0, 126.5
     *   b  float32 [3]:                        1.5, −2.25, 1e-3 as stored
     *   c  uint16 [2], scale 0.001, min 2:     codes 1000, 65535 → 3, 67.535
     *   d  float16 [3]:                        0x3C00 = 1, 0xC000 = −2, 0x0001 = 2^−24 (the smallest subnormal)
     * </pre>
     */
    @Test
    void dequantisesEveryStoredTypeAsTfjsDoes() throws IOException {
        ByteBuffer g1 = ByteBuffer.allocate(4 + 12).order(ByteOrder.LITTLE_ENDIAN);
        g1.put((byte) 0).put((byte) 1).put((byte) 2).put((byte) 255);
        g1.putFloat(1.5f).putFloat(-2.25f).putFloat(1e-3f);
        byte[] all = g1.array();
        Files.write(dir.resolve("g1-part1.bin"), java.util.Arrays.copyOfRange(all, 0, 7)); // a file boundary inside b
        Files.write(dir.resolve("g1-part2.bin"), java.util.Arrays.copyOfRange(all, 7, all.length));
        ByteBuffer g2 = ByteBuffer.allocate(4 + 6).order(ByteOrder.LITTLE_ENDIAN);
        g2.putShort((short) 1000).putShort((short) 65535);
        g2.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001);
        Files.write(dir.resolve("g2.bin"), g2.array());
        Path manifest = dir.resolve("m.json");
        Files.writeString(manifest, """
                [{"paths": ["g1-part1.bin", "g1-part2.bin"], "weights": [
                   {"name": "a", "shape": [2, 2], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0}},
                   {"name": "b", "shape": [3], "dtype": "float32"}]},
                 {"paths": ["g2.bin"], "weights": [
                   {"name": "c", "shape": [2], "dtype": "float32", "quantization": {"dtype": "uint16", "scale": 0.001, "min": 2.0}},
                   {"name": "d", "shape": [3], "dtype": "float32", "quantization": {"dtype": "float16"}}]}]
                """);
        TfjsWeights w = TfjsWeights.read(manifest);
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(w.tensors().keySet()));
        assertArrayEquals(new int[] {2, 2}, w.get("a").shape());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 126.5f}, w.get("a").values());
        assertArrayEquals(new float[] {1.5f, -2.25f, 1e-3f}, w.get("b").values());
        assertArrayEquals(new float[] {3f, 67.535f}, w.get("c").values(), 1e-6f);
        assertArrayEquals(new float[] {1f, -2f, (float) Math.pow(2, -24)}, w.get("d").values());
    }

    @Test
    void aTruncatedWeightsFileNamesTheTensorAndTheBytesMissing() throws IOException {
        Files.write(dir.resolve("w.bin"), new byte[10]);
        Path manifest = dir.resolve("m.json");
        Files.writeString(manifest, """
                [{"paths": ["w.bin"], "weights": [{"name": "conv/filters", "shape": [3, 4], "dtype": "float32"}]}]
                """);
        BadFileException e = assertThrows(BadFileException.class, () -> TfjsWeights.read(manifest));
        assertTrue(e.getMessage().contains("w.bin: truncated: tensor 'conv/filters' [3, 4] needs 48 bytes from offset 0, only 10 are left"),
                e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-pretrained.sh"), e.getMessage());
    }

    @Test
    void extraBytesAMissingFileAndAnUnknownQuantisationAreRefused() throws IOException {
        Path manifest = dir.resolve("m.json");
        Files.write(dir.resolve("w.bin"), new byte[5]);
        Files.writeString(manifest, """
                [{"paths": ["w.bin"], "weights": [{"name": "t", "shape": [4], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 1, "min": 0}}]}]
                """);
        assertTrue(assertThrows(BadFileException.class, () -> TfjsWeights.read(manifest)).getMessage()
                .contains("1 bytes more than the 1 tensors"));
        Files.delete(dir.resolve("w.bin"));
        assertTrue(assertThrows(BadFileException.class, () -> TfjsWeights.read(manifest)).getMessage().contains("w.bin: no such file"));
        Files.write(dir.resolve("w.bin"), new byte[4]);
        Files.writeString(manifest, """
                [{"paths": ["w.bin"], "weights": [{"name": "t", "shape": [4], "dtype": "float32", "quantization": {"dtype": "int8", "scale": 1, "min": 0}}]}]
                """);
        assertTrue(assertThrows(BadFileException.class, () -> TfjsWeights.read(manifest)).getMessage()
                .contains("tensor 't' is quantised as int8; only uint8, uint16 and float16 quantisation are read"));
        assertTrue(assertThrows(BadFileException.class, () -> TfjsWeights.read(dir.resolve("absent.json"))).getMessage()
                .contains("absent.json: no such file"));
    }

    @Test
    void halfFloatsDecodeByTheirBitFields() {
        assertEquals(65504f, TfjsWeights.halfToFloat((short) 0x7BFF)); // largest normal
        assertEquals((float) Math.pow(2, -14), TfjsWeights.halfToFloat((short) 0x0400)); // smallest normal
        assertEquals(Float.NEGATIVE_INFINITY, TfjsWeights.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(TfjsWeights.halfToFloat((short) 0x7E00)));
        assertEquals(0.333251953125f, TfjsWeights.halfToFloat((short) 0x3555)); // 2^-2 · (1 + 341/1024)
    }
}
