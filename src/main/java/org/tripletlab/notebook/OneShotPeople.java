package org.tripletlab.notebook;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.eval.OneShot;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The held-out people of a one-shot test and their photos: which images, whose they are, and how to show them.
 *
 * <p>Why: notebook 04-one-shot chose the photos, labelled them, sampled a fair gallery of matches and built the
 * rank-1 table inline, in 10–20-line cells; here each step is one call, so the cells say what is tested, not how
 * the arrays are filled.
 *
 * @param data the data set the photos come from
 * @param images the chosen images, people in the order given, photos of a person in data set order
 * @param labels the identity of each chosen image (same order as {@code images})
 */
public record OneShotPeople(FaceDataset data, int[] images, int[] labels) {
    /**
     * Of {@code identities}, the people with at least {@code minPhotos} images, each with their first
     * {@code maxPhotos} images; an error when fewer than {@code minPeople} such people remain (the rank-1 of a
     * handful of people says little).
     */
    public static OneShotPeople of(FaceDataset data, int[] identities, int minPhotos, int maxPhotos, int minPeople) {
        List<Integer> chosen = new ArrayList<>();
        List<int[]> byIdentity = data.imagesByIdentity();
        for (int id : identities) {
            int[] photos = byIdentity.get(id);
            if (photos.length >= minPhotos) {
                for (int k = 0; k < Math.min(maxPhotos, photos.length); k++) {
                    chosen.add(photos[k]);
                }
            }
        }
        int[] images = chosen.stream().mapToInt(Integer::intValue).toArray();
        OneShotPeople p = new OneShotPeople(data, images, Arrays.stream(images).map(data::label).toArray());
        if (p.people() < minPeople) {
            throw new IllegalStateException("only " + p.people() + " held-out people with ≥ " + minPhotos + " images; need " + minPeople);
        }
        return p;
    }

    /** Every identity of the data set, in order: for a test set that holds only held-out people. */
    public static int[] allIdentities(FaceDataset data) {
        return java.util.stream.IntStream.range(0, data.identityCount()).toArray();
    }

    /** How many people. */
    public int people() {
        return (int) Arrays.stream(labels).distinct().count();
    }

    /** "N people, M photos: N enrolled, M − N queries". */
    public String describe() {
        return people() + " people, " + images.length + " photos: " + people() + " enrolled, " + (images.length - people()) + " queries";
    }

    /** The face of the {@code row}-th chosen image. */
    public BufferedImage face(int row) {
        return FaceGrid.face(data, images[row]);
    }

    /** The name of the person in the {@code row}-th chosen image, without its source prefix and with spaces ("George W Bush"). */
    public String name(int row) {
        return data.identityName(labels[row]).replaceFirst("^[a-z]+:", "").replace('_', ' ');
    }

    /** Up to {@code k} of the right ({@code correct}) or wrong matches, spread evenly over the list (a fair sample, not the easiest), as a gallery. */
    public BufferedImage gallery(List<OneShotMatches.Match> matches, boolean correct, int k) {
        List<OneShotMatches.Match> some = spread(matches.stream().filter(m -> m.correct() == correct).toList(), k);
        return OneShotMatches.gallery(some, this::face, this::name, 3, 112);
    }

    /** Up to {@code k} elements spread evenly over {@code all}, first included. */
    static <T> List<T> spread(List<T> all, int k) {
        int n = Math.min(k, all.size());
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    /** Rank-1 and rank-5 of a learned embedding next to raw pixels, with chance, as one table. */
    public static Table rank1Table(String learnedLabel, OneShot.ClosedSet learned, OneShot.ClosedSet pixels) {
        return Table.create("one-shot identification, " + learned.identities() + " people, " + learned.probesPerDraw() + " queries a draw",
                StringColumn.create("embedding", learnedLabel, "raw pixels (baseline)"),
                DoubleColumn.create("rank-1", learned.rank1().mean(), pixels.rank1().mean()),
                DoubleColumn.create("± s.e.", learned.rank1().standardError(), pixels.rank1().standardError()),
                DoubleColumn.create("rank-5", learned.rank5().mean(), pixels.rank5().mean()),
                DoubleColumn.create("chance (rank-1)", 1.0 / learned.identities(), 1.0 / pixels.identities()));
    }

    /**
     * The open set of the same people, learned embedding against raw pixels: DIR (enrolled people's photos accepted as the
     * right person) at each false-alarm rate of {@link OneShot#DIR_TARGET_FARS}, mean and s.e. over the draws, and the
     * false-alarm rate actually reached (at most the target; below it when few impostor photos make the steps coarse).
     */
    public static Table openSetTable(String learnedLabel, OneShot.OpenSet learned, OneShot.OpenSet pixels) {
        Table t = Table.create("open set, " + learned.enrolled() + " people enrolled, " + learned.unknownIdentities() + " impostors, "
                + learned.draws() + " draws", StringColumn.create("embedding", learnedLabel, "raw pixels (baseline)"));
        for (int i = 0; i < learned.dirAtFar().size(); i++) {
            OneShot.DirAtFar a = learned.dirAtFar().get(i);
            OneShot.DirAtFar b = pixels.dirAtFar().get(i);
            String far = String.format(java.util.Locale.ROOT, "%.0f %%", 100 * a.targetFar());
            t.addColumns(DoubleColumn.create("DIR at FAR " + far, a.dir().mean(), b.dir().mean()),
                    DoubleColumn.create("± s.e. (" + far + ")", a.dir().standardError(), b.dir().standardError()),
                    DoubleColumn.create("FAR reached (" + far + ")", a.falseAlarm().mean(), b.falseAlarm().mean()));
        }
        return t;
    }
}
