package org.tripletlab.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.tripletlab.data.DataException;
import org.tripletlab.data.protocol.PairProtocol;

/**
 * {@code olivetti}: face verification on the Olivetti (AT&T/ORL) faces, 40 subjects × 10 grey 64×64
 * images, in 10 identity-disjoint folds of 4 subjects, each fold 180 same-person + 180 different-person
 * pairs (3,600 pairs, every image used), 10-fold cross-validation as LFW View 2.
 *
 * <p>Olivetti has no official pair list, so the protocol is generated, deterministically, from
 * {@code labels.csv} ({@code image,subject}, header first) and the seed {@value #SEED}:
 * <ol>
 *   <li>each subject's images in {@code labels.csv} row order; subjects in ascending number;</li>
 *   <li>one {@link Random} seeded with {@value #SEED} draws everything below, in this order;</li>
 *   <li>the subjects are shuffled (Fisher–Yates from the last position down, swapping position
 *       {@code i} with {@code random.nextInt(i + 1)}); the subject at shuffled position {@code k} is in
 *       fold {@code k % 10}, so folds are identity-disjoint;</li>
 *   <li>per fold, in fold order: the same-person pairs are every pair {@code (i < j)} of one subject's
 *       images, subject by subject in shuffled order; the candidates for different-person pairs are every
 *       image of a subject with every image of a later subject of the fold (in that order); they are
 *       shuffled as above and the first as many as there are same-person pairs are kept, in candidate
 *       order. The fold's same pairs come first, then its different pairs.</li>
 * </ol>
 * {@code OlivettiBenchmarkTest} pins the resulting pair list by its SHA-256.
 *
 * <p>Identities are {@code olivetti:<subject>}, as the {@code olivetti} training source names them, so
 * the test-identity check finds a run that trained on Olivetti subjects. Image paths are as
 * {@code labels.csv} gives them, relative to the Olivetti folder ({@code data.olivetti.root}).
 */
public final class OlivettiBenchmark implements Benchmark {
    /** The one Olivetti benchmark. */
    public static final OlivettiBenchmark INSTANCE = new OlivettiBenchmark();

    /** The protocol's seed. */
    public static final long SEED = 1992;

    /** Number of folds. */
    public static final int FOLDS = 10;

    private OlivettiBenchmark() {
    }

    @Override
    public String name() {
        return "olivetti";
    }

    @Override
    public String description() {
        return "Olivetti (AT&T/ORL): 10 identity-disjoint folds × (180 same + 180 different) pairs, generated with a fixed seed";
    }

    @Override
    public String source() {
        return "olivetti";
    }

    @Override
    public PairProtocol read(Path folder) {
        Map<Integer, List<String>> bySubject = labels(folder);
        if (bySubject.size() < FOLDS) {
            throw new DataException(folder.resolve("labels.csv") + ": " + bySubject.size() + " subjects, fewer than the " + FOLDS + " folds");
        }
        Random random = new Random(SEED);
        List<Integer> subjects = shuffle(new ArrayList<>(bySubject.keySet()), random);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            folds.add(new ArrayList<>());
        }
        for (int k = 0; k < subjects.size(); k++) {
            folds.get(k % FOLDS).add(subjects.get(k));
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        List<PairProtocol.Image> images = new ArrayList<>();
        List<PairProtocol.Pair> pairs = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            List<Integer> fold = folds.get(f);
            int same = 0;
            for (int s : fold) {
                List<String> im = bySubject.get(s);
                for (int i = 0; i < im.size(); i++) {
                    for (int j = i + 1; j < im.size(); j++) {
                        pairs.add(new PairProtocol.Pair(image(index, images, im.get(i), s), image(index, images, im.get(j), s), true, f));
                        same++;
                    }
                }
            }
            // candidate different pairs as indices into an enumeration, so the kept ones go back in order
            List<int[]> candidates = new ArrayList<>();
            for (int a = 0; a < fold.size(); a++) {
                for (int b = a + 1; b < fold.size(); b++) {
                    int na = bySubject.get(fold.get(a)).size();
                    int nb = bySubject.get(fold.get(b)).size();
                    for (int i = 0; i < na; i++) {
                        for (int j = 0; j < nb; j++) {
                            candidates.add(new int[] {candidates.size(), fold.get(a), i, fold.get(b), j});
                        }
                    }
                }
            }
            List<int[]> kept = new ArrayList<>(shuffle(candidates, random).subList(0, Math.min(same, candidates.size())));
            kept.sort((x, y) -> Integer.compare(x[0], y[0]));
            for (int[] c : kept) {
                pairs.add(new PairProtocol.Pair(image(index, images, bySubject.get(c[1]).get(c[2]), c[1]),
                        image(index, images, bySubject.get(c[3]).get(c[4]), c[3]), false, f));
            }
        }
        for (PairProtocol.Image im : images) {
            if (!Files.isRegularFile(folder.resolve(im.path()))) {
                throw new DataException("Olivetti benchmark: image " + im.path() + " does not exist ("
                        + folder.resolve(im.path()).toAbsolutePath().normalize() + ")");
            }
        }
        return new PairProtocol(name(), source(), folder, images, pairs, FOLDS);
    }

    private static int image(Map<String, Integer> index, List<PairProtocol.Image> images, String path, int subject) {
        return index.computeIfAbsent(path, p -> {
            images.add(new PairProtocol.Image(p, "olivetti:" + subject));
            return images.size() - 1;
        });
    }

    /** Fisher–Yates as documented above (written out so the protocol does not rest on a library's choice). */
    private static <T> List<T> shuffle(List<T> list, Random random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
        return list;
    }

    /** Subject → its image paths in row order, from {@code labels.csv}. */
    private static Map<Integer, List<String>> labels(Path folder) {
        Path file = folder.resolve("labels.csv");
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new DataException(file.toAbsolutePath().normalize() + ": cannot read the Olivetti labels 'image,subject' (" + e.getMessage() + ")");
        }
        Map<Integer, List<String>> bySubject = new TreeMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            int subject;
            try {
                subject = f.length == 2 ? Integer.parseInt(f[1].strip()) : -1;
            } catch (NumberFormatException e) {
                subject = -1;
            }
            if (subject < 0 || f[0].isBlank()) {
                throw new DataException(file + " line " + (n + 1) + ": expected 'image,subject', got '" + line + "'");
            }
            bySubject.computeIfAbsent(subject, k -> new ArrayList<>()).add(f[0].strip());
        }
        return bySubject;
    }
}
