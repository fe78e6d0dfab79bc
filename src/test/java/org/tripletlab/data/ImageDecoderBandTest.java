package org.tripletlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The direct byte read of a band gives exactly what {@code Raster.getSamples} gives, for every layout it takes. */
class ImageDecoderBandTest {
    @TempDir
    Path dir;

    private static BufferedImage noise(int type, int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        SplittableRandom r = new SplittableRandom(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xff000000 | r.nextInt(1 << 24));
            }
        }
        return img;
    }

    /** Every band, the whole raster and an inner box, through both paths. */
    private static void assertSameAsGetSamples(Raster raster, String what) {
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        int[][] boxes = {{x0, y0, raster.getWidth(), raster.getHeight()}, {x0 + 3, y0 + 2, raster.getWidth() - 5, raster.getHeight() - 4}};
        for (int b = 0; b < raster.getNumBands(); b++) {
            for (int[] box : boxes) {
                float[] direct = ImageDecoder.bytesOfBand(raster, box[0], box[1], box[2], box[3], b);
                assertNotNull(direct, what + ": the direct path should take this layout");
                int[] expected = raster.getSamples(box[0], box[1], box[2], box[3], b, (int[]) null);
                assertEquals(expected.length, direct.length);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], direct[i], 0f, what + " band " + b + " sample " + i);
                }
            }
        }
    }

    @Test
    void sameSamplesForByteLayoutsSubImagesAndDecodedFiles() throws Exception {
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR}) {
            BufferedImage img = noise(type, 23, 17, type);
            assertSameAsGetSamples(img.getRaster(), "type " + type);
            // a sub-image shares the parent's bytes through a translated sample model
            assertSameAsGetSamples(img.getSubimage(5, 4, 12, 9).getRaster(), "sub-image of type " + type);
            assertSameAsGetSamples(img.getRaster().createChild(6, 3, 14, 11, 0, 0, null), "child raster at (0, 0) of type " + type);
        }
        for (String format : List.of("jpg", "png")) {
            Path f = dir.resolve("noise." + format);
            ImageIO.write(noise(BufferedImage.TYPE_3BYTE_BGR, 31, 19, 5), format, f.toFile());
            assertSameAsGetSamples(ImageIO.read(f.toFile()).getRaster(), format + " as read back");
        }
    }

    @Test
    void otherLayoutsGoThroughGetSamples() {
        assertNull(ImageDecoder.bytesOfBand(noise(BufferedImage.TYPE_INT_RGB, 8, 8, 1).getRaster(), 0, 0, 8, 8, 0), "packed int pixels");
        assertNull(ImageDecoder.bytesOfBand(new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY).getRaster(), 0, 0, 8, 8, 0), "16-bit grey");
    }
}
