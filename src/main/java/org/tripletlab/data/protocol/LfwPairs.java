package org.tripletlab.data.protocol;

import java.nio.file.Path;
import java.util.Locale;
import org.tripletlab.data.TextLines;

/**
 * LFW's pair lists, read from the dataset folder {@code <dataRoot>/lfw} against its deep-funneled
 * images {@code images_deepfunneled/<Name>/<Name>_NNNN.jpg}.
 *
 * <p>Formats (fields separated by blanks or tabs):
 * <ul>
 *   <li>{@code pairs.txt} (View 2): a header {@code <folds> <n>} ({@code 10 300}), then for each fold
 *       {@code n} same-person lines {@code Name i j} followed by {@code n} different-person lines
 *       {@code NameA i NameB j}. Image numbers are 1-based: number 4 of {@code Name} is
 *       {@code Name/Name_0004.jpg}.</li>
 *   <li>{@code pairsDevTrain.txt}, {@code pairsDevTest.txt} (View 1): a header {@code <n>}, then
 *       {@code n} same lines and {@code n} different lines, as above; one fold.</li>
 * </ul>
 * A line with the wrong number of fields, a number that is not a positive integer, a same line where
 * a different line is due (or the reverse), a missing or extra line, or a pair naming an image that
 * is not on disk is a {@link org.tripletlab.data.DataException} naming the file and line — a pair is
 * never skipped silently.
 */
public final class LfwPairs {
    /** Folder of the deep-funneled images inside the LFW dataset folder. */
    public static final String IMAGES = "images_deepfunneled";

    private LfwPairs() {
    }

    /** View 2: {@code pairs.txt}, 10 folds of 300 same + 300 different pairs. */
    public static PairProtocol view2(Path lfw) {
        TextLines in = TextLines.read(lfw.resolve("pairs.txt"), "LFW View 2 pairs: a line '<folds> <pairs per class>', then the pairs");
        TextLines.Line header = in.next("the header '<folds> <pairs per class>'");
        in.expectFields(header, "the header '<folds> <pairs per class>', e.g. '10 300'", 2);
        int folds = in.intField(header, 0, 1, "fold count");
        int n = in.intField(header, 1, 1, "pairs per class");
        PairProtocol.Builder b = new PairProtocol.Builder("lfw-view2", "lfw", lfw);
        for (int f = 0; f < folds; f++) {
            readBlock(in, b, n, f);
        }
        in.expectEnd(folds + " folds of " + n + " + " + n + " pairs");
        return b.build(folds);
    }

    /** View 1 training pairs: {@code pairsDevTrain.txt} (1,100 + 1,100). */
    public static PairProtocol view1Train(Path lfw) {
        return view1(lfw, "pairsDevTrain.txt", "lfw-view1-train");
    }

    /** View 1 test pairs: {@code pairsDevTest.txt} (500 + 500). */
    public static PairProtocol view1Test(Path lfw) {
        return view1(lfw, "pairsDevTest.txt", "lfw-view1-test");
    }

    private static PairProtocol view1(Path lfw, String file, String name) {
        PairProtocol.Builder b = new PairProtocol.Builder(name, "lfw", lfw);
        readView1(lfw, file, b, 0);
        return b.build(1);
    }

    /**
     * View 1 as one two-fold protocol: {@code pairsDevTrain.txt} is fold 0 and {@code pairsDevTest.txt}
     * fold 1, so a threshold chosen on fold 0 alone is tested on fold 1 — View 1's intended use.
     */
    public static PairProtocol view1(Path lfw) {
        PairProtocol.Builder b = new PairProtocol.Builder("lfw-view1", "lfw", lfw);
        readView1(lfw, "pairsDevTrain.txt", b, 0);
        readView1(lfw, "pairsDevTest.txt", b, 1);
        return b.build(2);
    }

    private static void readView1(Path lfw, String file, PairProtocol.Builder b, int fold) {
        TextLines in = TextLines.read(lfw.resolve(file), "LFW View 1 pairs: a line '<pairs per class>', then the pairs");
        TextLines.Line header = in.next("the header '<pairs per class>'");
        in.expectFields(header, "the header '<pairs per class>', e.g. '500'", 1);
        int n = in.intField(header, 0, 1, "pairs per class");
        readBlock(in, b, n, fold);
        in.expectEnd(n + " + " + n + " pairs");
    }

    private static void readBlock(TextLines in, PairProtocol.Builder b, int n, int fold) {
        for (int k = 0; k < 2 * n; k++) {
            boolean same = k < n;
            String where = String.format(Locale.ROOT, "%s pair %d of %d in fold %d", same ? "same-person" : "different-person",
                    (same ? k : k - n) + 1, n, fold + 1);
            TextLines.Line line = in.next("the " + where);
            if (same) {
                in.expectFields(line, "the " + where + ": 'Name i j'", 3);
                String name = line.fields()[0];
                int i = b.image(path(name, in.intField(line, 1, 1, "image number")), "lfw:" + name, in, line);
                int j = b.image(path(name, in.intField(line, 2, 1, "image number")), "lfw:" + name, in, line);
                b.pair(i, j, true, fold);
            } else {
                in.expectFields(line, "the " + where + ": 'NameA i NameB j'", 4);
                String a = line.fields()[0];
                String c = line.fields()[2];
                int i = b.image(path(a, in.intField(line, 1, 1, "image number")), "lfw:" + a, in, line);
                int j = b.image(path(c, in.intField(line, 3, 1, "image number")), "lfw:" + c, in, line);
                b.pair(i, j, false, fold);
            }
        }
    }

    /** {@code images_deepfunneled/<name>/<name>_NNNN.jpg} for 1-based image number {@code k}. */
    public static String path(String name, int k) {
        return String.format(Locale.ROOT, "%s/%s/%s_%04d.jpg", IMAGES, name, name, k);
    }
}
