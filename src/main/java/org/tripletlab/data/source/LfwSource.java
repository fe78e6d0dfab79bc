package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;
import org.tripletlab.data.DataException;
import org.tripletlab.data.protocol.LfwPairs;
import org.tripletlab.data.protocol.LfwPeople;

/**
 * {@code lfw}: LFW deep-funneled images, {@code <lfw>/images_deepfunneled/<Name>/<Name>_NNNN.jpg}, identities
 * {@code lfw:<Name>} in name order; everyone, the people of some {@code people.txt} folds, or View 1's
 * {@code peopleDevTrain.txt}/{@code peopleDevTest.txt} ({@link LfwPeople}).
 *
 * @param root the LFW folder ({@code data.lfw.root})
 * @param crop crop box ({@code data.lfw.crop}) or null
 * @param people {@code all}, {@code folds}, {@code dev-train} or {@code dev-test} ({@code data.lfw.people})
 * @param folds 1-based people.txt folds when {@code people} is {@code folds}, else null ({@code data.lfw.folds})
 */
public record LfwSource(String root, List<Integer> crop, String people, List<Integer> folds) implements NamedDataset {
    public static final Setting ROOT = SourceKeys.string("data.lfw.root", "lfw",
            "lfw source: LFW folder under the data root (images_deepfunneled/, people.txt)");
    public static final Setting CROP = SourceKeys.crop("data.lfw.crop", List.of(63, 68, 124, 124),
            "lfw source: crop box [x, y, width, height]; the default is a square around the face in the centre of the 250×250 deep-funneled images");
    public static final Setting PEOPLE = SourceKeys.choice("data.lfw.people", "all",
            "lfw source: which people: all, the people.txt folds in data.lfw.folds, or View 1's peopleDevTrain/peopleDevTest",
            "all", "folds", "dev-train", "dev-test");
    public static final Setting FOLDS = new Setting("data.lfw.folds", Setting.Type.INT_LIST, null, true, 1.0, 10.0, List.of(),
            "lfw source with people: folds — the people.txt folds to train on, numbered from 1, e.g. [1, 2, 3, 4, 5, 6, 7, 8, 9] to test on fold 10");

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named("lfw",
            "LFW deep-funneled images under the data root, all people or some people.txt folds")
            .key(NamedSources.EXCLUDE_NAMES).key(ROOT).key(CROP).key(PEOPLE).key(FOLDS)
            .check(LfwSource::check)
            .build(c -> NamedSources.of(c, List.of(new LfwSource(c.getString(ROOT.path()), c.getIntList(CROP.path()),
                    c.getString(PEOPLE.path()), c.getIntList(FOLDS.path())))));

    private static void check(ConfigView c) {
        String people = c.getString(PEOPLE.path());
        List<Integer> folds = c.getIntList(FOLDS.path());
        if (people.equals("folds") && (folds == null || folds.isEmpty())) {
            throw c.error(FOLDS.path(), "data.lfw.people is folds but no folds are listed; e.g. [1, 2, 3, 4, 5, 6, 7, 8, 9]");
        }
        if (!people.equals("folds") && folds != null) {
            throw c.error(FOLDS.path(), "is only used with data.lfw.people: folds (it is " + people
                    + "); remove data.lfw.folds, or set data.lfw.people: folds");
        }
        if (folds != null && folds.stream().distinct().count() != folds.size()) {
            throw c.error(FOLDS.path(), folds + " lists a fold twice; list each fold once");
        }
        SourceKeys.checkedCrop(c, CROP.path());
    }

    @Override
    public String name() {
        return "lfw";
    }

    @Override
    public SourceImages list(Path folder) {
        return switch (people) {
            case "all" -> list(folder, null, "people=all");
            case "dev-train" -> list(folder, LfwPeople.devTrain(folder).names(0), "people=dev-train");
            case "dev-test" -> list(folder, LfwPeople.devTest(folder).names(0), "people=dev-test");
            case "folds" -> {
                LfwPeople listed = LfwPeople.folds(folder);
                int[] zeroBased = folds.stream().mapToInt(f -> f - 1).toArray();
                for (int f : folds) {
                    if (f > listed.foldCount()) {
                        throw new DataException(folder.resolve("people.txt") + ": has " + listed.foldCount()
                                + " folds; data.lfw.folds asks for fold " + f);
                    }
                }
                yield list(folder, listed.names(zeroBased), "people=folds" + Arrays.toString(zeroBased));
            }
            default -> throw new IllegalArgumentException("data.lfw.people " + people);
        };
    }

    /**
     * @param only LFW names to keep (e.g. the people of 9 folds), or null for everyone; a name without
     *     an image folder is an error
     * @param selection how {@code only} was chosen, for the manifest
     */
    private SourceImages list(Path lfw, Set<String> only, String selection) {
        Path images = lfw.resolve(LfwPairs.IMAGES);
        Listing.requireDir(images, "LFW's images_deepfunneled/<Name>/<Name>_NNNN.jpg");
        List<SourceImages.Entry> out = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (Path dir : Listing.dirs(images)) {
            String name = dir.getFileName().toString();
            if (only != null && !only.contains(name)) {
                continue;
            }
            found.add(name);
            for (Path f : Listing.images(dir)) {
                out.add(new SourceImages.Entry(f, "lfw:" + name, name, "lfw:" + Listing.rel(lfw, f)));
            }
        }
        if (only != null && found.size() != only.size()) {
            List<String> missing = only.stream().filter(n -> !found.contains(n)).sorted().limit(5).toList();
            throw new DataException(images + ": no image folder for " + (only.size() - found.size())
                    + " of the selected LFW people, e.g. " + missing);
        }
        return new SourceImages("lfw", lfw, out, crop, selection);
    }
}
