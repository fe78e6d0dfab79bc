package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.component.Component;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Registry;
import org.tripletlab.data.FaceDataset;

/**
 * The registry of data sources: the one list of every source {@code data.source} can select. Each source
 * class declares its name, keys, checks and how its images are found in its {@code COMPONENT}; the schema
 * (allowed values and keys), the config check and loading all read this list, so a new source is one class
 * plus one entry here (and its test).
 *
 * <ul>
 *   <li>{@link SyntheticSource}: rendered faces, no files;</li>
 *   <li>{@link ImageFolderSource}: a {@code <root>/<identity>/<image>} tree;</li>
 *   <li>the named datasets under the data root, {@link LfwSource}, {@link CfpSource}, {@link CelebaSource},
 *       {@link OlivettiSource}, {@link CelebaTestSource} ({@link NamedDataset}s, loaded by {@link TrainingSources});</li>
 *   <li>{@link CombinedSource}: several named datasets together.</li>
 * </ul>
 */
public final class DataSources {
    private static final List<Component<DataSource>> SOURCES = List.of(SyntheticSource.COMPONENT, ImageFolderSource.COMPONENT,
            LfwSource.COMPONENT, CfpSource.COMPONENT, CelebaSource.COMPONENT, OlivettiSource.COMPONENT, CelebaTestSource.COMPONENT,
            CombinedSource.COMPONENT);

    /** Every source, in the order of the schema's allowed values; {@code combined} last, after the datasets it joins. */
    public static final Registry<DataSource> REGISTRY = new Registry<>("data.source",
            "where images come from: synthetic, an image-folder tree, a named dataset under the data root ("
                    + String.join(", ", datasets(SOURCES)) + "), or combined (the sources in data.combine)",
            SyntheticSource.COMPONENT, SOURCES);

    /**
     * What was loaded and what was left out, for the log and provenance.
     *
     * @param identitiesExcluded identities left out for having fewer than {@code data.min_images} images
     * @param imagesExcluded images of every identity left out (for either reason)
     * @param identitiesExcludedByName identities left out because a {@code data.exclude_names} list holds their
     *     name, exactly or through an alias ({@code data.cfp.aliases})
     * @param excludedByExactName those left out by their own name, as namespaced identities ({@code cfp:Aaron Eckhart})
     * @param excludedByAlias those left out through an alias: identity → the listed name it stands for
     *     ({@code cfp:Joe Biden} → {@code Joseph_Biden})
     * @param hiddenEntriesSkipped hidden files and folders (name starting with '.', such as
     *     {@code .ipynb_checkpoints/} or {@code .DS_Store}) skipped by the image-folder source
     */
    public record Loaded(FaceDataset dataset, int identitiesSeen, int identitiesExcluded, int imagesExcluded,
            int identitiesExcludedByName, List<String> excludedByExactName, Map<String, String> excludedByAlias,
            int hiddenEntriesSkipped) {
        public Loaded(FaceDataset dataset, int identitiesSeen, int identitiesExcluded, int imagesExcluded,
                int identitiesExcludedByName, List<String> excludedByExactName, Map<String, String> excludedByAlias) {
            this(dataset, identitiesSeen, identitiesExcluded, imagesExcluded, identitiesExcludedByName, excludedByExactName,
                    excludedByAlias, 0);
        }

        public Loaded(FaceDataset dataset, int identitiesSeen, int identitiesExcluded, int imagesExcluded) {
            this(dataset, identitiesSeen, identitiesExcluded, imagesExcluded, 0, List.of(), Map.of());
        }
    }

    private DataSources() {
    }

    /**
     * Loads the training images of the source {@code cfg} selects.
     *
     * @param dataRoot the run's data root ({@code --data-root}, {@code $TRIPLETLAB_DATA_ROOT}); relative
     *     folders are resolved against it; may be null
     */
    public static Loaded load(DataSettings cfg, Path dataRoot) {
        return cfg.loader().load(cfg, dataRoot);
    }

    /**
     * Runs every source's check, in registry order, whichever source the config selects: a source checks its
     * own keys, and that they are not set for a config that cannot use them (a bad {@code data.lfw.crop} is
     * an error even when training on synthetic faces).
     */
    public static void check(ConfigView c) {
        for (Component<DataSource> s : REGISTRY.all()) {
            s.check().accept(c);
        }
    }

    /** The named datasets, in registry order: the sources {@code data.combine} may list. */
    public static List<String> datasets() {
        return datasets(REGISTRY.all());
    }

    /**
     * The sources that are named datasets: those that read {@code data.exclude_names} (people are left out
     * by name before decoding), besides {@code combined}, which joins them.
     */
    private static List<String> datasets(List<Component<DataSource>> sources) {
        return sources.stream().filter(s -> s != CombinedSource.COMPONENT)
                .filter(s -> s.keys().stream().anyMatch(k -> k.setting().equals(NamedSources.EXCLUDE_NAMES))).map(Component::name).toList();
    }

    /**
     * The named datasets a config loads: {@code data.source} itself when it is one, the list {@code data.combine}
     * for {@code combined}, none otherwise. Checks on the way the keys that choose them: {@code data.combine}
     * ({@link CombinedSource#listed}) and {@code data.exclude_names} (only with datasets).
     */
    @SuppressWarnings("unchecked")
    static List<String> datasetsLoaded(ConfigView c) {
        String source = c.getString(REGISTRY.selector());
        List<String> names = CombinedSource.listed(c);
        if (names == null) {
            names = datasets().contains(source) ? List.of(source) : List.of();
        }
        List<String> exclude = (List<String>) c.get(NamedSources.EXCLUDE_NAMES.path());
        if (exclude != null && !exclude.isEmpty() && names.isEmpty()) {
            throw c.error(NamedSources.EXCLUDE_NAMES.path(), "applies to the named sources ("
                    + String.join(", ", REGISTRY.readersOf(NamedSources.EXCLUDE_NAMES.path())) + "), not to " + source
                    + "; remove data.exclude_names");
        }
        return names;
    }

    /**
     * Every key of the data section but {@code data.source}, each once, in the order of every config.yaml
     * written so far (a run id hashes that text): {@code combined}'s keys, image-folder's root, the shared
     * image keys, image-folder's crop, the shared training keys, each named dataset's keys in registry
     * order, then the remaining sources' keys in registry order ({@code synthetic}'s, and those of a source
     * added later).
     */
    public static List<Component.Key> sectionKeys() {
        Map<String, Component.Key> out = new LinkedHashMap<>();
        add(out, CombinedSource.COMPONENT.keys());
        add(out, List.of(new Component.Key(ImageFolderSource.ROOT, false)));
        add(out, DataSettings.IMAGE_KEYS);
        add(out, List.of(new Component.Key(ImageFolderSource.CROP, false)));
        add(out, DataSettings.TRAINING_KEYS);
        for (String d : datasets()) {
            add(out, REGISTRY.get(d).keys());
        }
        add(out, REGISTRY.keys());
        return new ArrayList<>(out.values());
    }

    private static void add(Map<String, Component.Key> out, List<Component.Key> keys) {
        for (Component.Key k : keys) {
            Component.Key before = out.putIfAbsent(k.path(), k);
            if (before != null && !before.equals(k)) {
                throw new IllegalStateException(k.path() + " is declared in two ways");
            }
        }
    }
}
