package org.tripletlab.data.protocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tripletlab.data.DataException;

/**
 * The people of CFP's ten verification folds: fold k's people are the id folders ({@code 001}…{@code 500}) of
 * every image named by the pairs of {@code Protocol/Split/FP/k} and {@code Protocol/Split/FF/k}.
 *
 * <p>Training on some folds' people and testing on another fold's pairs is honest only when the folds are
 * identity-disjoint and a fold has the same people in FF and FP. Both are checked when the folds are read: a
 * person in two folds, or a fold whose FF and FP people differ, is a {@link DataException} naming the folds and
 * the first ids. (In CFP as distributed, fold k holds ids 50(k − 1) + 1 … 50k in both protocols:
 * {@code CfpFoldsRealDataTest} checks it on the data root.)
 *
 * @param ids each fold's id folder names, fold 1 first
 */
public record CfpFolds(List<Set<String>> ids) {

    public CfpFolds {
        ids = ids.stream().map(s -> (Set<String>) new TreeSet<>(s)).toList();
    }

    /** Reads both protocols of the CFP folder {@code cfp} and checks them (see the class comment). */
    public static CfpFolds read(Path cfp) {
        List<Set<String>> ff = people(CfpPairs.ff(cfp));
        List<Set<String>> fp = people(CfpPairs.fp(cfp));
        Path split = cfp.resolve("Protocol/Split");
        if (ff.size() != fp.size()) {
            throw new DataException(split + ": FF has " + ff.size() + " folds and FP " + fp.size()
                    + "; restore CFP's Protocol/Split/{FF,FP}/01..10 from the original download");
        }
        for (int k = 0; k < fp.size(); k++) {
            if (!ff.get(k).equals(fp.get(k))) {
                Set<String> onlyOne = new TreeSet<>(ff.get(k));
                onlyOne.addAll(fp.get(k));
                Set<String> inBoth = new TreeSet<>(ff.get(k));
                inBoth.retainAll(fp.get(k));
                onlyOne.removeAll(inBoth);
                throw new DataException(split + ": fold " + (k + 1) + " has other people in FF than in FP (e.g. ids "
                        + first(onlyOne) + "), so its people are not one set; restore CFP's protocol files");
            }
        }
        for (int a = 0; a < fp.size(); a++) {
            for (int b = a + 1; b < fp.size(); b++) {
                Set<String> both = new TreeSet<>(fp.get(a));
                both.retainAll(fp.get(b));
                if (!both.isEmpty()) {
                    throw new DataException(split + ": folds " + (a + 1) + " and " + (b + 1) + " share " + both.size()
                            + " people (ids " + first(both) + "), so they are not identity-disjoint and training on one "
                            + "and testing on the other would test on trained people");
                }
            }
        }
        return new CfpFolds(fp);
    }

    /** How many folds. */
    public int count() {
        return ids.size();
    }

    /**
     * The id folders of the people of {@code folds} (numbered from 1).
     *
     * @throws IllegalArgumentException for a fold number outside 1..{@link #count()}
     */
    public Set<String> idsOf(List<Integer> folds) {
        Set<String> out = new TreeSet<>();
        for (int f : folds) {
            if (f < 1 || f > ids.size()) {
                throw new IllegalArgumentException("CFP has " + ids.size() + " folds; fold " + f + " does not exist");
            }
            out.addAll(ids.get(f - 1));
        }
        return out;
    }

    /** Each fold's id folders, from the paths {@code Data/Images/<id>/<pose>/NN.jpg} of the images its pairs name. */
    private static List<Set<String>> people(PairProtocol p) {
        List<Set<String>> out = new ArrayList<>();
        for (int f = 0; f < p.foldCount(); f++) {
            Set<String> ids = new TreeSet<>();
            for (PairProtocol.Pair q : p.fold(f)) {
                ids.add(idFolder(p.images().get(q.first()).path()));
                ids.add(idFolder(p.images().get(q.second()).path()));
            }
            out.add(ids);
        }
        return out;
    }

    /** {@code 007} from {@code Data/Images/007/frontal/01.jpg}. */
    static String idFolder(String relPath) {
        String[] parts = relPath.split("/");
        int at = List.of(parts).indexOf("Images");
        return at >= 0 && at + 1 < parts.length ? parts[at + 1] : parts[0];
    }

    private static String first(Set<String> ids) {
        List<String> l = new ArrayList<>(ids);
        return String.join(", ", l.subList(0, Math.min(5, l.size()))) + (l.size() > 5 ? ", …" : "");
    }
}
