package org.tripletlab.benchmark;

import java.nio.file.Path;
import org.tripletlab.data.protocol.PairProtocol;

/**
 * A face-verification benchmark, described in one place: the name {@code eval.benchmarks},
 * {@code eval --benchmark}, {@code report --benchmark} and {@code plot --benchmark} select it by, a
 * one-line description, the data source whose folder and crop its images come from, how its pairs and
 * folds are read (the protocol), which of its folds gives the result, and its published reference
 * curves, if any.
 *
 * <p>Protocol: the pairs of {@link #read} are scored by an embedding; for each fold a threshold is
 * chosen on the other folds and accuracy measured on it. The result is the mean over all folds
 * ({@link #testFold} = -1, 10-fold cross-validation) or the held-out numbers of one fold. The identities
 * a benchmark contains, for the test-identity check, are those of the images of its test pairs
 * ({@link PairProtocol.Image#identity()}, namespaced by source, e.g. {@code lfw:Zico}).
 *
 * <p>{@link Benchmarks#REGISTRY} lists every benchmark; adding one is one class plus one line there.
 */
public interface Benchmark {
    /** The name configs and the CLI select it by, e.g. {@code lfw}; also the {@code eval/<name>.json} file name. */
    String name();

    /** One line for help texts and the README. */
    String description();

    /**
     * The data source ({@code lfw}, {@code cfp}, {@code olivetti}, …) whose folder under the data root
     * ({@code data.<source>.root}) holds the benchmark's files and whose crop box
     * ({@code data.<source>.crop}) preprocesses its images.
     */
    String source();

    /**
     * Reads the pairs and folds from the source's folder, checking every image it names exists.
     *
     * @param folder {@code <data root>/<data.<source>.root>}
     */
    PairProtocol read(Path folder);

    /**
     * The one fold whose held-out numbers are the benchmark's result, or -1 when the result is the
     * mean over all folds (10-fold cross-validation); also the fold whose identities count as test
     * identities (-1: every fold's).
     */
    default int testFold() {
        return -1;
    }

    /**
     * The folder, relative to the data root, of curves published for this benchmark (one ROC a file, see
     * {@link org.tripletlab.data.protocol.PublishedRoc}), or null when none are; a benchmark with
     * published curves also gets the report's published-numbers rows.
     */
    default String publishedRoc() {
        return null;
    }
}
