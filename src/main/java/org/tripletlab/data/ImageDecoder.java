package org.tripletlab.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Decodes an image file, applies the crop box and resizes it to {@code size × size} with area
 * averaging (each output pixel is the mean of the source area it covers), producing HWC bytes.
 * Grey output is the ITU-R BT.601 luma of the RGB image.
 */
public final class ImageDecoder {
    private final int size;
    private final int channels;
    private final List<Integer> crop;

    /** @param crop {@code [x, y, width, height]} in source pixels, or null for the whole image */
    public ImageDecoder(int size, int channels, List<Integer> crop) {
        this.size = size;
        this.channels = channels;
        this.crop = crop;
    }

    /** Decodes {@code file} into {@code out} starting at {@code offset}. */
    public void decode(Path file, byte[] out, int offset) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataException(file + ": cannot decode image (" + e.getMessage()
                    + "); remove or replace the file, or exclude its identity", e);
        }
        if (img == null) {
            throw new DataException(file + ": not a readable JPEG/PNG image; remove or replace the file");
        }
        int x0 = 0;
        int y0 = 0;
        int w = img.getWidth();
        int h = img.getHeight();
        if (crop != null) {
            x0 = crop.get(0);
            y0 = crop.get(1);
            w = crop.get(2);
            h = crop.get(3);
            if (x0 + w > img.getWidth() || y0 + h > img.getHeight()) {
                throw new DataException(file + ": crop box " + crop + " (data.crop) does not fit in the "
                        + img.getWidth() + "×" + img.getHeight() + " image; choose a box inside every image");
            }
        }
        float[][] planes = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x0 + x, y0 + y);
                planes[0][y * w + x] = (rgb >> 16) & 0xff;
                planes[1][y * w + x] = (rgb >> 8) & 0xff;
                planes[2][y * w + x] = rgb & 0xff;
            }
        }
        float[][] resized = new float[3][];
        for (int c = 0; c < 3; c++) {
            resized[c] = resizeArea(planes[c], w, h, size, size);
        }
        for (int i = 0; i < size * size; i++) {
            if (channels == 1) {
                float g = 0.299f * resized[0][i] + 0.587f * resized[1][i] + 0.114f * resized[2][i];
                out[offset + i] = toByte(g);
            } else {
                out[offset + 3 * i] = toByte(resized[0][i]);
                out[offset + 3 * i + 1] = toByte(resized[1][i]);
                out[offset + 3 * i + 2] = toByte(resized[2][i]);
            }
        }
    }

    private static byte toByte(float v) {
        int i = Math.round(v);
        return (byte) Math.max(0, Math.min(255, i));
    }

    /** Separable area resampling; exact for any scale factor, so no aliasing on strong downscales. */
    static float[] resizeArea(float[] src, int sw, int sh, int dw, int dh) {
        float[] tmp = new float[dw * sh];
        for (int y = 0; y < sh; y++) {
            resample1d(src, y * sw, 1, sw, tmp, y * dw, 1, dw);
        }
        float[] dst = new float[dw * dh];
        for (int x = 0; x < dw; x++) {
            resample1d(tmp, x, dw, sh, dst, x, dw, dh);
        }
        return dst;
    }

    private static void resample1d(float[] src, int so, int ss, int sn, float[] dst, int d0, int ds, int dn) {
        double scale = (double) sn / dn;
        for (int i = 0; i < dn; i++) {
            double a = i * scale;
            double b = (i + 1) * scale;
            int first = (int) Math.floor(a);
            int last = Math.min(sn - 1, (int) Math.ceil(b) - 1);
            double sum = 0;
            double wsum = 0;
            for (int j = first; j <= last; j++) {
                double w = Math.min(b, j + 1) - Math.max(a, j);
                if (w > 0) {
                    sum += w * src[so + j * ss];
                    wsum += w;
                }
            }
            dst[d0 + i * ds] = (float) (sum / wsum);
        }
    }
}
