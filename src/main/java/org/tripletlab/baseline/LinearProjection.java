package org.tripletlab.baseline;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tripletlab.data.BatchBuilder;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.model.Embedder;

/**
 * A fitted linear embedding: for a pixel vector x ∈ R^d (the network input scaling,
 * x = byte/127.5 − 1, HWC order)
 * <pre>  y = W (x − μ) ∈ R^k,    f(x) = y / ‖y‖</pre>
 * with μ the training mean and the k rows of W the fitted directions (eigenfaces, or fisherfaces).
 * f(x) is a unit vector, so squared distances lie in [0, 4] like a trained encoder's.
 *
 * <p>Stored as {@code projection.bin}: int magic "TPJ1", int d, int k, d floats μ, then k·d floats
 * W row by row (big-endian, {@link DataOutputStream}).
 */
public final class LinearProjection {
    public static final String FILE = "projection.bin";
    private static final int MAGIC = 0x54504A31;
    private static final int CHUNK = 256;

    private final float[] mean;
    private final float[][] rows;

    public LinearProjection(float[] mean, float[][] rows) {
        for (float[] r : rows) {
            if (r.length != mean.length) {
                throw new IllegalArgumentException("projection row of length " + r.length + " for inputs of length " + mean.length);
            }
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("a projection needs at least one direction");
        }
        this.mean = mean;
        this.rows = rows;
    }

    public int inputDim() {
        return mean.length;
    }

    public int outputDim() {
        return rows.length;
    }

    /** y = W(x − μ), not normalised. */
    public double[] project(float[] x, int offset) {
        double[] y = new double[rows.length];
        for (int j = 0; j < rows.length; j++) {
            float[] w = rows[j];
            double s = 0;
            for (int c = 0; c < mean.length; c++) {
                s += w[c] * (x[offset + c] - mean[c]);
            }
            y[j] = s;
        }
        return y;
    }

    /**
     * Unit embeddings of the given images (row-major n × k); the raw norms are ‖y‖. With
     * {@code withFlip} the embeddings of the image and its mirror image are added and re-normalised,
     * as {@link Embedder#embed(FaceDataset, int[], int, boolean)} does for encoders.
     */
    public Embedder.Result embed(FaceDataset ds, int[] images, boolean withFlip) {
        if (ds.imageBytes() != mean.length) {
            throw new IllegalArgumentException("projection was fitted on " + mean.length + " pixels per image, these images have "
                    + ds.imageBytes() + " (data.image_size and data.channels must match the fitted run)");
        }
        int k = rows.length;
        float[] out = new float[images.length * k];
        float[] norms = new float[images.length];
        BatchBuilder builder = new BatchBuilder(ds);
        for (int from = 0; from < images.length; from += CHUNK) {
            int[] chunk = java.util.Arrays.copyOfRange(images, from, Math.min(images.length, from + CHUNK));
            float[] px = builder.build(chunk);
            float[] mirrored = withFlip ? builder.buildMirrored(chunk) : null;
            for (int i = 0; i < chunk.length; i++) {
                double[] y = project(px, i * mean.length);
                norms[from + i] = (float) norm(y);
                normalise(y);
                if (withFlip) {
                    double[] ym = project(mirrored, i * mean.length);
                    normalise(ym);
                    for (int j = 0; j < k; j++) {
                        y[j] += ym[j];
                    }
                    normalise(y);
                }
                for (int j = 0; j < k; j++) {
                    out[(from + i) * k + j] = (float) y[j];
                }
            }
        }
        return new Embedder.Result(out, norms, images.length, k);
    }

    private static double norm(double[] y) {
        double s = 0;
        for (double v : y) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** y ← y/‖y‖; a zero vector stays at the origin. */
    private static void normalise(double[] y) {
        double n = norm(y);
        if (n > 0) {
            for (int j = 0; j < y.length; j++) {
                y[j] /= n;
            }
        }
    }

    public void save(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(mean.length);
                out.writeInt(rows.length);
                for (float v : mean) {
                    out.writeFloat(v);
                }
                for (float[] r : rows) {
                    for (float v : r) {
                        out.writeFloat(v);
                    }
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static LinearProjection load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no fitted projection here; fit it with tripletlab train on a config with baseline.kind set");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(file + ": not a tripletlab projection file");
            }
            int d = in.readInt();
            int k = in.readInt();
            float[] mean = new float[d];
            for (int c = 0; c < d; c++) {
                mean[c] = in.readFloat();
            }
            float[][] rows = new float[k][d];
            for (float[] r : rows) {
                for (int c = 0; c < d; c++) {
                    r[c] = in.readFloat();
                }
            }
            return new LinearProjection(mean, rows);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the projection (" + e.getMessage() + ")", e);
        }
    }
}
