package org.tripletlab.notebook;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.tripletlab.distance.SquaredDistances;

/**
 * One enrolment draw of one-shot identification, kept match by match so a notebook can show the faces.
 *
 * <p>Each identity is enrolled with one image (its gallery image); every other image is a query. A query
 * is identified as the enrolled identity at the smallest squared distance
 * {@code d(q, g) = ‖f(q) − f(g)‖²}; it is correct when its own identity's gallery image is strictly
 * closer than every other gallery image — a tie counts as wrong, the same rule as
 * {@link org.tripletlab.eval.OneShot#closedSet}, so rank-1 here equals that method's rank-1 for the same
 * enrolment. ({@code OneShot} averages over random enrolments; this class fixes one to show it.)
 */
public final class OneShotMatches {
    /**
     * One identified query: rows into the embedding matrix, the distance to the chosen gallery image,
     * and the distance to its own identity's gallery image.
     */
    public record Match(int query, int matched, int trueGallery, double distance, double trueDistance, boolean correct) {
    }

    private OneShotMatches() {
    }

    /** The first row of each identity, in order of first appearance: a deterministic enrolment. */
    public static int[] enrolFirst(int[] labels) {
        Map<Integer, Integer> first = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            first.putIfAbsent(labels[i], i);
        }
        return first.values().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Identifies every row that is not a gallery row.
     *
     * @param e row-major n × dim embeddings
     * @param labels identity of each row
     * @param gallery one row per identity (as {@link #enrolFirst} gives); identities without a gallery
     *     row are an error, since their queries could never be right
     */
    public static List<Match> identify(float[] e, int n, int dim, int[] labels, int[] gallery) {
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " embeddings");
        }
        if (gallery.length < 2) {
            throw new IllegalArgumentException("one-shot identification needs at least 2 enrolled identities, got " + gallery.length);
        }
        Map<Integer, Integer> galleryOf = new LinkedHashMap<>();
        boolean[] isGallery = new boolean[n];
        for (int g : gallery) {
            if (galleryOf.put(labels[g], g) != null) {
                throw new IllegalArgumentException("identity " + labels[g] + " is enrolled twice");
            }
            isGallery[g] = true;
        }
        SquaredDistances dist = SquaredDistances.of(e, n, dim);
        List<Match> out = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (isGallery[q]) {
                continue;
            }
            Integer own = galleryOf.get(labels[q]);
            if (own == null) {
                throw new IllegalArgumentException("row " + q + ": identity " + labels[q] + " has no enrolled image");
            }
            double ownD = dist.at(q, own);
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int g : gallery) {
                double d = dist.at(q, g);
                // on a tie prefer another identity: a tie is not a correct identification
                if (d < bestD || (d == bestD && g != own)) {
                    best = g;
                    bestD = d;
                }
            }
            out.add(new Match(q, best, own, bestD, ownD, best == own));
        }
        return out;
    }

    /** Share of correct identifications (rank-1 accuracy of this draw). */
    public static double rank1(List<Match> matches) {
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no queries: every identity needs a second image");
        }
        return matches.stream().filter(Match::correct).count() / (double) matches.size();
    }

    /**
     * A gallery image of matches, {@code pairsPerRow} per row: each match is two faces, the query (captioned
     * with its identity) and the enrolled face it was matched to (captioned with that identity and the
     * distance), framed green when right and red when wrong.
     *
     * @param face row → picture, e.g. {@code r -> FaceGrid.face(ds, images[r])}
     * @param name row → identity name
     */
    public static BufferedImage gallery(List<Match> matches, IntFunction<BufferedImage> face, IntFunction<String> name,
            int pairsPerRow, int tile) {
        List<FaceGrid.Tile> tiles = new ArrayList<>();
        for (Match m : matches) {
            tiles.add(new FaceGrid.Tile(face.apply(m.query()), List.of("query", name.apply(m.query())), null));
            tiles.add(new FaceGrid.Tile(face.apply(m.matched()), List.of(
                    (m.correct() ? "✓ " : "✗ ") + name.apply(m.matched()),
                    String.format(Locale.ROOT, "d = %.3f", m.distance()),
                    m.correct() ? "" : String.format(Locale.ROOT, "own: d = %.3f", m.trueDistance())),
                    m.correct() ? FaceGrid.CORRECT : FaceGrid.WRONG));
        }
        return FaceGrid.render(tiles, 2 * pairsPerRow, tile);
    }
}
