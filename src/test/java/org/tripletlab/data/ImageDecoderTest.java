package org.tripletlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoded pixels are the stored sample values, whatever the image kind. */
class ImageDecoderTest {
    static final int W = 16;
    static final int H = 16; // the decoder outputs size × size

    @TempDir
    Path dir;

    /** Decodes at the image's own size (area resize at scale 1 is the identity). */
    private byte[] decode(Path f, int channels) {
        byte[] out = new byte[W * H * channels];
        new ImageDecoder(W, channels, null).decode(f, out, 0);
        return out;
    }

    private Path write(BufferedImage img, String format, String name) throws Exception {
        Path f = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, f.toFile()), "no " + format + " writer for " + name);
        return f;
    }

    private static int greyValue(int x, int y) {
        return (x * 16 + y * 5) % 256;
    }

    private static BufferedImage grey8() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, greyValue(x, y));
            }
        }
        return img;
    }

    /** Expected bytes for a grey image given its 8-bit samples: the sample itself, in every channel. */
    private static void assertGrey(int[] samples, byte[] grey, byte[] rgb, String what) {
        for (int i = 0; i < W * H; i++) {
            assertEquals(samples[i], grey[i] & 0xff, what + " grey pixel " + i);
            for (int c = 0; c < 3; c++) {
                assertEquals(samples[i], rgb[3 * i + c] & 0xff, what + " rgb pixel " + i + " channel " + c);
            }
        }
    }

    @Test
    void grey8BitPngDecodesToItsSamples() throws Exception {
        Path f = write(grey8(), "png", "g8.png");
        int[] s = grey8().getRaster().getSamples(0, 0, W, H, 0, (int[]) null);
        assertGrey(s, decode(f, 1), decode(f, 3), "grey png");
    }

    @Test
    void grey8BitJpegDecodesToItsStoredSamples() throws Exception {
        Path f = write(grey8(), "jpg", "g8.jpg");
        BufferedImage read = ImageIO.read(f.toFile());
        assertEquals(1, read.getRaster().getNumBands());
        int[] stored = read.getRaster().getSamples(0, 0, W, H, 0, (int[]) null);
        byte[] grey = decode(f, 1);
        assertGrey(stored, grey, decode(f, 3), "grey jpeg");
        // and the stored samples are the written ones up to lossy coding (no brightening)
        double err = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                err += (grey[y * W + x] & 0xff) - greyValue(x, y);
            }
        }
        assertTrue(Math.abs(err / (W * H)) < 3, "mean offset " + err / (W * H));
    }

    @Test
    void grey16BitPngScalesByRounding() throws Exception {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
        int[] expected = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = (x * 4099 + y * 5003) % 65536;
                img.getRaster().setSample(x, y, 0, v);
                expected[y * W + x] = (int) Math.round(v / 257.0);
            }
        }
        Path f = write(img, "png", "g16.png");
        assertGrey(expected, decode(f, 1), decode(f, 3), "grey16 png");
    }

    @Test
    void palettePngDecodesThroughItsPalette() throws Exception {
        byte[] r = {0, (byte) 200, 10, (byte) 255};
        byte[] g = {0, 30, (byte) 128, (byte) 255};
        byte[] b = {0, 60, (byte) 250, 7};
        IndexColorModel icm = new IndexColorModel(2, 4, r, g, b);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, icm);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.getRaster().setSample(x, y, 0, (x + y) % 4);
            }
        }
        Path f = write(img, "png", "pal.png");
        byte[] rgb = decode(f, 3);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                int k = (x + y) % 4;
                assertArrayEquals(new byte[] {r[k], g[k], b[k]}, new byte[] {rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]});
            }
        }
    }

    private static int[] rgbAt(int x, int y) {
        return new int[] {(x * 15) % 256, (y * 21) % 256, (x * y * 7) % 256};
    }

    private void assertRgb(Path f, String what) {
        byte[] rgb = decode(f, 3);
        byte[] grey = decode(f, 1);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = y * W + x;
                int[] e = rgbAt(x, y);
                for (int c = 0; c < 3; c++) {
                    assertEquals(e[c], rgb[3 * i + c] & 0xff, what + " pixel " + i + " channel " + c);
                }
                assertEquals(Math.round(0.299f * e[0] + 0.587f * e[1] + 0.114f * e[2]), grey[i] & 0xff, what + " luma " + i);
            }
        }
    }

    @Test
    void rgbAndRgbaPngDecodeStraightAlphaIgnored() throws Exception {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage img = new BufferedImage(W, H, type);
            WritableRaster ras = img.getRaster();
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int[] e = rgbAt(x, y);
                    int alpha = (x * 17) % 256;
                    img.setRGB(x, y, (alpha << 24) | (e[0] << 16) | (e[1] << 8) | e[2]);
                }
            }
            assertEquals(type == BufferedImage.TYPE_INT_ARGB ? 4 : 3, ras.getNumBands());
            assertRgb(write(img, "png", "rgb" + type + ".png"), "png type " + type);
        }
    }

    @Test
    void cmykJpegIsRefusedNamingTheFile() throws Exception {
        // a 4-channel (CMYK) JPEG written from a raster: ImageIO reads no BufferedImage from it
        WritableRaster ras = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, W, H, 4, null);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 4; c++) {
                    ras.setSample(x, y, c, (x * 10 + y * 3 + c * 50) % 256);
                }
            }
        }
        Path f = cmykJpeg(ras, "cmyk.jpg");
        DataException e = assertThrows(DataException.class, () -> decode(f, 3));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("CMYK") && e.getMessage().contains("RGB"), e.getMessage());
        // the same with an Adobe APP14 marker (transform 0: CMYK), as Photoshop writes
        byte[] plain = java.nio.file.Files.readAllBytes(f);
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] adobe = new byte[plain.length + app14.length];
        System.arraycopy(plain, 0, adobe, 0, 2);
        System.arraycopy(app14, 0, adobe, 2, app14.length);
        System.arraycopy(plain, 2, adobe, 2 + app14.length, plain.length - 2);
        Path g = dir.resolve("adobe-cmyk.jpg");
        java.nio.file.Files.write(g, adobe);
        DataException e2 = assertThrows(DataException.class, () -> decode(g, 3));
        assertTrue(e2.getMessage().contains(g.toString()), e2.getMessage());
        assertTrue(e2.getMessage().contains("CMYK") && e2.getMessage().contains("RGB"), e2.getMessage());
    }

    private Path cmykJpeg(WritableRaster ras, String name) throws Exception {
        Path f = dir.resolve(name);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(ras, null, null), null);
        } finally {
            writer.dispose();
        }
        return f;
    }

    @Test
    void truncatedJpegIsCorruptNamingTheFile() throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, ((x * 4) << 16) | ((y * 4) << 8) | ((x * y) & 0xff));
            }
        }
        Path whole = write(img, "jpg", "whole.jpg");
        byte[] bytes = java.nio.file.Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.jpg");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        byte[] out = new byte[32 * 32 * 3];
        new ImageDecoder(32, 3, null).decode(whole, out, 0); // the whole file decodes
        DataException e = assertThrows(DataException.class, () -> new ImageDecoder(32, 3, null).decode(cut, out, 0));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }
}
