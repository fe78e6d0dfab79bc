package org.tripletlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An identity-disjoint train/validation split: every identity is in exactly one side, so
 * validation measures how well the embedding generalises to people it never saw — the one-shot
 * setting the triplet loss is for.
 *
 * @param trainIdentities identities used for training, ascending
 * @param valIdentities held-out identities, ascending
 */
public record IdentitySplit(int[] trainIdentities, int[] valIdentities) {

    /**
     * Shuffles identities with the seed and holds out {@code round(valFraction · identities)} of
     * them (at least 2, so validation has different-identity pairs; at most all but 2).
     */
    public static IdentitySplit of(FaceDataset ds, double valFraction, long seed) {
        return of(ds.identityCount(), ds.description(), valFraction, seed);
    }

    /**
     * The split {@link #of(FaceDataset, double, long)} makes of a dataset with {@code n} identities
     * (it depends on nothing else), so the split of a run can be recomputed without decoding its images.
     *
     * @param what the data's description, for the error message
     */
    public static IdentitySplit of(int n, String what, double valFraction, long seed) {
        if (n < 4) {
            throw new DataException(what + ": only " + n + " identities; an identity-disjoint split needs at least 4 "
                    + "(2 to train on, 2 to validate)");
        }
        int[] order = shuffled(n, new SplittableRandom(seed ^ 0x5EED5EEDL));
        int nVal = (int) Math.round(valFraction * n);
        nVal = Math.max(2, Math.min(n - 2, nVal));
        int[] val = Arrays.copyOfRange(order, 0, nVal);
        int[] train = Arrays.copyOfRange(order, nVal, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new IdentitySplit(train, val);
    }

    /** Image indices of the given identities, ascending. */
    public static int[] imagesOf(FaceDataset ds, int[] identities) {
        boolean[] in = new boolean[ds.identityCount()];
        for (int id : identities) {
            in[id] = true;
        }
        return java.util.stream.IntStream.range(0, ds.size()).filter(i -> in[ds.label(i)]).toArray();
    }

    /**
     * A fixed validation image set of at most {@code maxImages} images: held-out identities in a
     * seeded order, up to {@code perIdentityCap} images of each, so that the set has many
     * same-identity pairs and no single prolific identity dominates it.
     */
    public int[] validationImages(FaceDataset ds, int maxImages, int perIdentityCap, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x7A11DA7EL);
        List<int[]> byId = ds.imagesByIdentity();
        int[] order = valIdentities.clone();
        shuffle(order, rng);
        List<Integer> chosen = new ArrayList<>();
        int identitiesUsed = 0;
        for (int id : order) {
            if (chosen.size() >= maxImages) {
                break;
            }
            int[] imgs = byId.get(id).clone();
            shuffle(imgs, rng);
            int take = Math.min(Math.min(imgs.length, perIdentityCap), maxImages - chosen.size());
            if (take < 2 && imgs.length >= 2) {
                break;
            }
            for (int k = 0; k < take; k++) {
                chosen.add(imgs[k]);
            }
            identitiesUsed++;
        }
        if (identitiesUsed < 2) {
            throw new DataException(ds.description() + ": the validation split has fewer than 2 identities with images; "
                    + "raise data.split.val_fraction or data.val_images");
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    static int[] shuffled(int n, java.util.random.RandomGenerator rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a, rng);
        return a;
    }

    /** Fisher–Yates shuffle driven by the given seeded source. */
    static void shuffle(int[] a, java.util.random.RandomGenerator rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
