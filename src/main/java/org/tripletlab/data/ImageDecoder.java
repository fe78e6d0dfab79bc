package org.tripletlab.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file, applies the crop box and resizes it to {@code size × size} with area
 * averaging (each output pixel is the mean of the source area it covers), producing HWC bytes.
 * Pixels are the stored sample values (see {@link #samples}); grey output is the ITU-R BT.601 luma of
 * the RGB planes, which for a grey image is its own samples.
 */
public final class ImageDecoder {
    /**
     * Changes whenever a change to this class could change a decoded pixel (sample reading, crop, resize,
     * luma, rounding): the {@link DecodedImageCache} keys its entries by it, so cached pixels decoded by an
     * older version are never read as this version's.
     */
    public static final int VERSION = 1;

    private final int size;
    private final int channels;
    private final List<Integer> crop;

    /** @param crop {@code [x, y, width, height]} in source pixels, or null for the whole image */
    public ImageDecoder(int size, int channels, List<Integer> crop) {
        this.size = size;
        this.channels = channels;
        this.crop = crop;
    }

    /** Bytes of one decoded image: {@code size²·channels}. */
    public int imageBytes() {
        return size * size * channels;
    }

    /**
     * Everything besides the file that determines the decoded pixels: this class's {@link #VERSION}, the
     * Java runtime (its JPEG/PNG readers), the output size, channels and crop box.
     */
    public String settings() {
        return "decoder=" + VERSION + " java=" + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + " size=" + size + " channels=" + channels + " crop=" + crop;
    }

    /** Decodes {@code file} into {@code out} starting at {@code offset}. */
    public void decode(Path file, byte[] out, int offset) {
        BufferedImage img;
        try {
            img = read(file);
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
                // what ImageIO's JPEG reader says of an Adobe CMYK/YCCK JPEG
                throw cmyk(file);
            }
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
        float[][] planes = samples(file, img, x0, y0, w, h);
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

    /**
     * The stored colour values of the crop box as three 8-bit-scaled planes (R, G, B), read from the
     * raster rather than through {@link BufferedImage#getRGB}, which treats a grey image's samples as
     * linear light and brightens them by the sRGB curve. Grey images give their raw samples in all
     * three planes (so grey output is the sample itself); palette images go through their
     * {@link IndexColorModel}; sRGB images give their colour samples as stored, alpha ignored (not
     * composited). 16-bit samples are scaled to 8 bits by rounding ({@code v / 257}). CMYK/YCCK images
     * are refused; any other colour space falls back to Java's conversion to sRGB.
     */
    static float[][] samples(Path file, BufferedImage img, int x0, int y0, int w, int h) {
        float[][] planes = new float[3][w * h];
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        ColorSpace cs = cm.getColorSpace();
        if (cs.getType() == ColorSpace.TYPE_CMYK || cs.getType() == ColorSpace.TYPE_YCbCr && cm.getNumComponents() == 4) {
            throw cmyk(file);
        }
        if (cm instanceof IndexColorModel icm) {
            int[] idx = raster.getSamples(x0, y0, w, h, 0, (int[]) null);
            for (int i = 0; i < idx.length; i++) {
                planes[0][i] = icm.getRed(idx[i]);
                planes[1][i] = icm.getGreen(idx[i]);
                planes[2][i] = icm.getBlue(idx[i]);
            }
        } else if (cs.getType() == ColorSpace.TYPE_GRAY && !cm.isAlphaPremultiplied()) {
            float[] g = band(raster, x0, y0, w, h, 0);
            planes[0] = g;
            planes[1] = g.clone();
            planes[2] = g.clone();
        } else if (cs.isCS_sRGB() && cm.getNumColorComponents() == 3 && !cm.isAlphaPremultiplied()) {
            for (int c = 0; c < 3; c++) {
                planes[c] = band(raster, x0, y0, w, h, c);
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x0 + x, y0 + y);
                    planes[0][y * w + x] = (rgb >> 16) & 0xff;
                    planes[1][y * w + x] = (rgb >> 8) & 0xff;
                    planes[2][y * w + x] = rgb & 0xff;
                }
            }
        }
        return planes;
    }

    /**
     * {@link ImageIO#read} that also treats the reader's warnings as corruption: a truncated JPEG
     * ("Premature end of JPEG file") or one with corrupt data decodes without an exception, its
     * missing part filled grey, and would otherwise train as if it were whole.
     */
    private static BufferedImage read(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open the file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0, reader.getDefaultReadParam());
                if (!warnings.isEmpty()) {
                    throw new DataException(file + ": corrupt or truncated image (" + String.join("; ", warnings)
                            + "); remove or replace the file, or exclude its identity");
                }
                return img;
            } finally {
                reader.dispose();
            }
        }
    }

    private static DataException cmyk(Path file) {
        return new DataException(file + ": CMYK/YCCK image, which tripletlab does not decode; convert it to"
                + " RGB (e.g. `convert in.jpg -colorspace sRGB out.jpg`) or remove it");
    }

    /** One band's samples scaled to 0..255: 8-bit as stored, wider samples by rounding. */
    static float[] band(Raster raster, int x0, int y0, int w, int h, int b) {
        float[] direct = bytesOfBand(raster, x0, y0, w, h, b);
        if (direct != null) {
            return direct;
        }
        int[] v = raster.getSamples(x0, y0, w, h, b, (int[]) null);
        int bits = raster.getSampleModel().getSampleSize(b);
        float[] out = new float[v.length];
        if (bits == 8) {
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
        } else {
            int max = (1 << bits) - 1;
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.round(v[i] * 255.0 / max);
            }
        }
        return out;
    }

    /**
     * The same values as {@code raster.getSamples(x0, y0, w, h, b, null)} for an 8-bit band stored one byte a
     * sample ({@link ComponentSampleModel} over a {@link DataBufferByte}: what the JPEG reader gives, and grey or
     * RGB PNGs), read straight from the byte array instead of one virtual call a sample — or null for any other
     * layout, which goes through {@code getSamples}. Sample (x, y) of band b is byte
     * {@code bankOffset + (y − ty)·scanlineStride + (x − tx)·pixelStride + bandOffset[b]}, (tx, ty) the raster's
     * sample-model translation (non-zero for a sub-image), exactly as {@code ComponentSampleModel.getSample} reads it.
     */
    static float[] bytesOfBand(Raster raster, int x0, int y0, int w, int h, int b) {
        if (!(raster.getSampleModel() instanceof ComponentSampleModel sm) || !(raster.getDataBuffer() instanceof DataBufferByte db)
                || sm.getSampleSize(b) != 8 || sm.getDataType() != DataBuffer.TYPE_BYTE) {
            return null;
        }
        if (x0 < raster.getMinX() || y0 < raster.getMinY() || x0 + w > raster.getMinX() + raster.getWidth()
                || y0 + h > raster.getMinY() + raster.getHeight()) {
            return null; // getSamples reports it
        }
        int bank = sm.getBankIndices()[b];
        byte[] data = db.getData(bank);
        int base = db.getOffsets()[bank] + sm.getBandOffsets()[b];
        int ps = sm.getPixelStride();
        int ss = sm.getScanlineStride();
        int tx = raster.getSampleModelTranslateX();
        int ty = raster.getSampleModelTranslateY();
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = base + (y0 + y - ty) * ss + (x0 - tx) * ps;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = data[row + x * ps] & 0xff;
            }
        }
        return out;
    }

    private static byte toByte(float v) {
        int i = Math.round(v);
        return (byte) Math.max(0, Math.min(255, i));
    }

    /**
     * Separable area resampling; exact for any scale factor, so no aliasing on strong downscales. Output
     * pixel i of a 1-D pass from n to m samples covers the source interval [a, b) = [i·n/m, (i+1)·n/m); it
     * is Σ_j w_j·src_j / Σ_j w_j over the source pixels j that overlap it, with w_j = min(b, j+1) − max(a, j)
     * &gt; 0 the overlap, both sums in double in increasing j, then rounded to float. Rows first, then columns.
     */
    static float[] resizeArea(float[] src, int sw, int sh, int dw, int dh) {
        Taps across = Taps.of(sw, dw);
        float[] tmp = new float[dw * sh];
        for (int y = 0; y < sh; y++) {
            int row = y * sw;
            int out = y * dw;
            for (int i = 0; i < dw; i++) {
                double sum = 0;
                for (int t = across.first[i]; t < across.first[i + 1]; t++) {
                    sum += across.weight[t] * src[row + across.index[t]];
                }
                tmp[out + i] = (float) (sum / across.weightSum[i]);
            }
        }
        // Columns: a whole output row at a time (one running sum per column, the same terms in the same order).
        Taps down = Taps.of(sh, dh);
        float[] dst = new float[dw * dh];
        double[] sum = new double[dw];
        for (int i = 0; i < dh; i++) {
            java.util.Arrays.fill(sum, 0);
            for (int t = down.first[i]; t < down.first[i + 1]; t++) {
                double w = down.weight[t];
                int row = down.index[t] * dw;
                for (int x = 0; x < dw; x++) {
                    sum[x] += w * tmp[row + x];
                }
            }
            double ws = down.weightSum[i];
            for (int x = 0; x < dw; x++) {
                dst[i * dw + x] = (float) (sum[x] / ws);
            }
        }
        return dst;
    }

    /**
     * The overlaps of a 1-D area resampling from n to m samples, computed once per pass instead of once per
     * row: output i takes source samples {@code index[first[i] .. first[i+1])} with {@code weight[…]}, whose
     * sum (added in the same order) is {@code weightSum[i]}.
     */
    private record Taps(int[] first, int[] index, double[] weight, double[] weightSum) {
        static Taps of(int n, int m) {
            double scale = (double) n / m;
            int[] first = new int[m + 1];
            int[] index = new int[m * ((int) Math.ceil(scale) + 2)];
            double[] weight = new double[index.length];
            double[] weightSum = new double[m];
            int t = 0;
            for (int i = 0; i < m; i++) {
                double a = i * scale;
                double b = (i + 1) * scale;
                int lo = (int) Math.floor(a);
                int hi = Math.min(n - 1, (int) Math.ceil(b) - 1);
                first[i] = t;
                double ws = 0;
                for (int j = lo; j <= hi; j++) {
                    double w = Math.min(b, j + 1) - Math.max(a, j);
                    if (w > 0) {
                        index[t] = j;
                        weight[t++] = w;
                        ws += w;
                    }
                }
                weightSum[i] = ws;
            }
            first[m] = t;
            return new Taps(first, index, weight, weightSum);
        }
    }
}
