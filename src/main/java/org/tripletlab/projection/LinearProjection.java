package org.tripletlab.projection;

import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tripletlab.util.AtomicFiles;
import org.tripletlab.util.BadFileException;
import org.tripletlab.util.FileReads;

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
    /** Magic number, input size, number of components. */
    private static final int HEADER_BYTES = 3 * Integer.BYTES;
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
     * The unit embedding of one pixel row {@code x[offset .. offset + inputDim())}: y = W(x − μ), divided by
     * ‖y‖ (a zero vector stays at the origin); returns ‖y‖ before normalising.
     */
    public double embedRow(float[] x, int offset, double[] y) {
        double[] p = project(x, offset);
        System.arraycopy(p, 0, y, 0, p.length);
        double n = norm(y);
        if (n > 0) {
            for (int j = 0; j < y.length; j++) {
                y[j] /= n;
            }
        }
        return n;
    }

    private static double norm(double[] y) {
        double s = 0;
        for (double v : y) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Writes the projection atomically (a full disk leaves no partial file and names {@code file}). */
    public void save(Path file) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + Float.BYTES * mean.length * (rows.length + 1));
        buf.putInt(MAGIC).putInt(mean.length).putInt(rows.length);
        for (float v : mean) {
            buf.putFloat(v);
        }
        for (float[] r : rows) {
            for (float v : r) {
                buf.putFloat(v);
            }
        }
        AtomicFiles.write(file, buf.array());
    }

    /**
     * Reads a projection {@link #save} wrote.
     *
     * @throws IllegalArgumentException when there is no file (fit it first)
     * @throws BadFileException when the file is not a projection, or is truncated or padded
     */
    public static LinearProjection load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no fitted projection here; fit it with tripletlab train on a config with baseline.kind set");
        }
        String fix = "fit the baseline again: move the run folder aside and rerun tripletlab train on its config.yaml";
        ByteBuffer in = ByteBuffer.wrap(FileReads.bytes(file, fix));
        if (in.remaining() < HEADER_BYTES || in.getInt() != MAGIC) {
            throw new BadFileException(file, "not a tripletlab projection file (it does not start with the projection header)", fix);
        }
        int d = in.getInt();
        int k = in.getInt();
        long expected = HEADER_BYTES + (long) Float.BYTES * d * (k + 1L);
        if (d <= 0 || k <= 0 || expected != in.capacity()) {
            throw new BadFileException(file, "holds " + in.capacity() + " bytes but its header (" + d + " inputs, " + k
                    + " components) needs " + expected + (in.capacity() < expected ? ": the file is truncated" : ": the file is damaged"), fix);
        }
        float[] mean = new float[d];
        for (int c = 0; c < d; c++) {
            mean[c] = in.getFloat();
        }
        float[][] rows = new float[k][d];
        for (float[] r : rows) {
            for (int c = 0; c < d; c++) {
                r[c] = in.getFloat();
            }
        }
        return new LinearProjection(mean, rows);
    }
}
