package org.tripletlab.data;

import java.util.ArrayList;
import java.util.List;
import org.tripletlab.util.RestorableRandom;

/**
 * Draws PK batches: P distinct identities, K images of each, so every batch element has K − 1
 * positives and (P − 1)·K negatives to mine from.
 *
 * <p>Identities are visited in seeded random permutations, one after another; a batch takes the
 * first P distinct identities still waiting, so every identity is visited equally often (to within
 * one visit) and none is skipped at a pass boundary. An identity with fewer than K images (but at least 2) is either
 * sampled with replacement (its images repeat within the batch; augmentation makes the copies
 * differ) or excluded, as configured; both cases are counted so the log can say so. Identities
 * with a single image are always excluded: they can never supply a positive.
 */
public final class PkSampler {
    private final int p;
    private final int k;
    private final List<int[]> eligible;
    private final int excludedSmall;
    private final int replacedSmall;
    private final RestorableRandom rng;
    /** Identities to visit, in order: concatenated shuffled permutations, consumed from the front. */
    private final java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();

    /**
     * @param identities candidate identities (e.g. the training side of the split)
     * @param replaceSmall sample identities with fewer than K images with replacement instead of excluding them
     */
    public PkSampler(FaceDataset ds, int[] identities, int p, int k, boolean replaceSmall, long seed) {
        this.p = p;
        this.k = k;
        List<int[]> byId = ds.imagesByIdentity();
        List<int[]> ok = new ArrayList<>();
        int excluded = 0;
        int replaced = 0;
        for (int id : identities) {
            int[] imgs = byId.get(id);
            if (imgs.length < 2) {
                excluded++;
            } else if (imgs.length < k && !replaceSmall) {
                excluded++;
            } else {
                if (imgs.length < k) {
                    replaced++;
                }
                ok.add(imgs);
            }
        }
        if (ok.size() < p) {
            int withK = (int) ok.stream().filter(a -> a.length >= k).count();
            // Key names, both numbers and every fix: this is what the user reads instead of a failed run.
            throw new DataException(ds.description() + ": the training split leaves " + ok.size() + " usable identities ("
                    + withK + " with at least K=" + k + " images) but a batch needs P=" + p + " (sampler.identities)"
                    + "; lower sampler.identities (P ≤ " + ok.size() + ")"
                    + (replaceSmall ? "" : ", or sampler.images, or set sampler.small_identities: replace")
                    + ", or lower data.split.val_fraction");
        }
        this.eligible = ok;
        this.excludedSmall = excluded;
        this.replacedSmall = replaced;
        this.rng = new RestorableRandom(seed ^ 0x0BA7C4E5L);
    }

    /** Image indices of the next batch (length P·K, identity-major: K images of identity 1, then 2, …). */
    public int[] next() {
        // Keep at least one full shuffled permutation ahead, so P distinct identities are always available.
        while (queue.size() < eligible.size() + p) {
            for (int id : IdentitySplit.shuffled(eligible.size(), rng)) {
                queue.add(id);
            }
        }
        int[] chosen = new int[p];
        boolean[] taken = new boolean[eligible.size()];
        int n = 0;
        for (java.util.Iterator<Integer> it = queue.iterator(); n < p; ) {
            int id = it.next();
            if (!taken[id]) {
                taken[id] = true;
                chosen[n++] = id;
                it.remove();
            }
        }
        int[] batch = new int[p * k];
        for (int i = 0; i < p; i++) {
            int[] imgs = eligible.get(chosen[i]);
            int o = i * k;
            if (imgs.length >= k) {
                // Partial Fisher–Yates: K distinct images without copying the whole list.
                int[] pick = imgs.clone();
                for (int j = 0; j < k; j++) {
                    int r = j + rng.nextInt(pick.length - j);
                    int t = pick[j];
                    pick[j] = pick[r];
                    pick[r] = t;
                    batch[o + j] = pick[j];
                }
            } else {
                // Every image once, then draws with replacement to fill K.
                for (int j = 0; j < k; j++) {
                    batch[o + j] = j < imgs.length ? imgs[j] : imgs[rng.nextInt(imgs.length)];
                }
            }
        }
        return batch;
    }

    /**
     * Everything the batches still to come depend on, besides the data and config: the generator's state and
     * the identities waiting in the queue, in order. A sampler built alike and given it by {@link #restore}
     * draws exactly the batches this one would draw next.
     */
    public record State(long[] rng, int[] queue) {
    }

    public State state() {
        int[] q = new int[queue.size()];
        int i = 0;
        for (int id : queue) {
            q[i++] = id;
        }
        return new State(rng.state(), q);
    }

    /** Continues from {@code s} (from a sampler over the same data, identities, P, K and seed). */
    public void restore(State s) {
        for (int id : s.queue()) {
            if (id < 0 || id >= eligible.size()) {
                throw new IllegalArgumentException("sampler state names identity " + id + " of " + eligible.size()
                        + " usable: it comes from other data or another config");
            }
        }
        rng.restore(s.rng());
        queue.clear();
        for (int id : s.queue()) {
            queue.add(id);
        }
    }

    public int usableIdentities() {
        return eligible.size();
    }

    /** Identities left out (single image, or fewer than K with exclusion configured). */
    public int excludedIdentities() {
        return excludedSmall;
    }

    /** Identities with fewer than K images that are sampled with replacement. */
    public int replacedIdentities() {
        return replacedSmall;
    }

    /** Images the usable identities hold, the basis of an epoch's length. */
    public int usableImages() {
        return eligible.stream().mapToInt(a -> a.length).sum();
    }
}
