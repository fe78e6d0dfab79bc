package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.List;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;
import org.tripletlab.data.FaceDataset;

/**
 * One or more {@link NamedDataset}s loaded together, with the name lists whose people are left out:
 * what a dataset source ({@code lfw}, {@code cfp}, …) or {@code combined} builds.
 *
 * @param datasets the datasets to load, in configuration order (empty for sources that are not datasets)
 * @param excludeNames name-list files whose people are left out (empty = none)
 */
public record NamedSources(List<NamedDataset> datasets, List<String> excludeNames) implements DataSource {
    /** {@code data.exclude_names}: read by every dataset source and by {@code combined}. */
    public static final Setting EXCLUDE_NAMES = SourceKeys.nullableStrings("data.exclude_names",
            "name-list files (one name per line, text after a tab ignored; relative to the data root) whose people are left out "
                    + "of named sources (lfw, cfp), e.g. [lfw/lfw-names.txt]; names match ignoring case and _ vs blank");

    /** No datasets: the sources of a config that loads none (synthetic, image-folder). */
    public static final NamedSources NONE = new NamedSources(List.of(), List.of());

    public NamedSources {
        datasets = List.copyOf(datasets);
        excludeNames = List.copyOf(excludeNames);
    }

    /** The datasets {@code datasets} with the config's {@code data.exclude_names}. */
    @SuppressWarnings("unchecked")
    public static NamedSources of(ConfigView c, List<NamedDataset> datasets) {
        List<String> exclude = (List<String>) c.get(EXCLUDE_NAMES.path());
        return new NamedSources(datasets, exclude == null ? List.of() : exclude);
    }

    /** The names of the datasets, in configuration order. */
    public List<String> names() {
        return datasets.stream().map(NamedDataset::name).toList();
    }

    /** The dataset called {@code name}, or null when it is not loaded. */
    public NamedDataset dataset(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    /** The cfp dataset's alias table ({@code data.cfp.aliases}), or null when cfp is not loaded or has none. */
    public String cfpAliases() {
        NamedDataset cfp = dataset(CfpSource.NAME);
        return cfp == null ? null : cfp.aliases();
    }

    /** Lists, selects and decodes the datasets ({@link TrainingSources}). */
    @Override
    public DataSources.Loaded load(DataSettings data, Path dataRoot) {
        TrainingSources.Selection sel = TrainingSources.selection(data, dataRoot);
        FaceDataset ds = TrainingSources.decode(sel, data.imageSize(), data.channels());
        return new DataSources.Loaded(ds, sel.identitiesSeen(), sel.identitiesBelowMin(), sel.imagesExcluded(),
                sel.identitiesExcludedByName(), sel.excludedByExactName(), sel.excludedByAlias());
    }
}
