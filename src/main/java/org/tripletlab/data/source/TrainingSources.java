package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tripletlab.data.DataException;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.FolderDigest;
import org.tripletlab.data.ImageDecoder;
import org.tripletlab.data.Parallel;
import org.tripletlab.util.Hashing;

/**
 * Builds a training {@link FaceDataset} from one or more named sources ({@code lfw}, {@code cfp},
 * {@code celeba}, {@code olivetti}) in three steps: {@link #list} the images of each source,
 * {@link #select} identities (name exclusion, then {@code data.min_images}), and decode each image
 * once with its source's crop.
 *
 * <p>Identities are namespaced by source ({@code lfw:Name}, {@code cfp:Name}, {@code celeba:17},
 * {@code olivetti:3}), so two sources never merge people by accident; identities appear source by
 * source in the configured order. Sources that share a numbering ({@code celeba}, {@code celeba-test}) must
 * not share a number ({@link #requireDisjointNumbering}). The manifest hash covers every source's folder digest
 * ({@code MANIFEST.sha256}), selection and crop, the exclusion lists, and every selected image.
 */
public final class TrainingSources {
    /**
     * The identities chosen for training and what was left out.
     *
     * @param identities namespaced identity names, in source order
     * @param images the images of each identity, parallel to {@code identities}
     * @param identitiesSeen identities the sources offered
     * @param identitiesExcludedByName identities dropped because a name list holds their name, exactly or
     *     through an alias (the sum of the two lists' sizes)
     * @param identitiesBelowMin identities dropped for having fewer than {@code data.min_images} images
     * @param imagesExcluded images of all dropped identities
     * @param excludedByExactName identities dropped because a name list holds their own name (normal form)
     * @param excludedByAlias identities dropped because their alias (the canonical name, e.g. the LFW
     *     name of a CFP spelling) is on a name list: identity → that canonical name
     */
    public record Selection(List<SourceImages> sources, List<String> identities, List<List<SourceImages.Entry>> images,
            int identitiesSeen, int identitiesExcludedByName, int identitiesBelowMin, int imagesExcluded, String exclusionDigest,
            List<String> excludedByExactName, Map<String, String> excludedByAlias) {

        /** A selection that records no excluded names (for selections built by hand). */
        public Selection(List<SourceImages> sources, List<String> identities, List<List<SourceImages.Entry>> images,
                int identitiesSeen, int identitiesExcludedByName, int identitiesBelowMin, int imagesExcluded, String exclusionDigest) {
            this(sources, identities, images, identitiesSeen, identitiesExcludedByName, identitiesBelowMin, imagesExcluded,
                    exclusionDigest, List.of(), Map.of());
        }

        public int imageCount() {
            return images.stream().mapToInt(List::size).sum();
        }
    }

    private TrainingSources() {
    }

    /**
     * The identities {@link DataSources#load} would decode, in the same order, without decoding an image: lists the
     * sources, reads {@code data.exclude_names} and {@code data.cfp.aliases}, and {@linkplain #select selects}.
     */
    public static Selection selection(DataSettings cfg, Path dataRoot) {
        List<SourceImages> sources = list(cfg.sources(), dataRoot);
        StringBuilder exclDigest = new StringBuilder();
        Set<String> excluded = new TreeSet<>();
        for (String f : cfg.sources().excludeNames()) {
            Path p = resolve(f, dataRoot, "data.exclude_names");
            Set<String> names = NameList.read(p);
            excluded.addAll(names);
            exclDigest.append(f).append('=').append(Hashing.sha256(String.join("\n", new TreeSet<>(names)))).append('\n');
        }
        NameAliases aliases = aliases(cfg.sources(), dataRoot);
        if (aliases.size() > 0) {
            // Only when set, so the manifests of configs without aliases stay as they were.
            exclDigest.append("cfp-aliases=").append(aliases.digest()).append('\n');
        }
        return select(sources, excluded, aliases, cfg.minImages(), exclDigest.toString());
    }

    /** The alias table {@code data.cfp.aliases} names, or none. */
    public static NameAliases aliases(NamedSources cfg, Path dataRoot) {
        return cfg.cfpAliases() == null ? NameAliases.none() : NameAliases.read(resolve(cfg.cfpAliases(), dataRoot, "data.cfp.aliases"));
    }

    /** The listed images of each configured dataset, in configuration order. */
    public static List<SourceImages> list(NamedSources cfg, Path dataRoot) {
        List<SourceImages> out = new ArrayList<>();
        for (NamedDataset d : cfg.datasets()) {
            String s = d.name();
            Path folder = resolve(d.root(), dataRoot, "data." + s + ".root");
            Listing.requireDir(folder, "the " + s + " dataset folder (data." + s + ".root='" + d.root() + "' under data root " + dataRoot + ")",
                    dataRoot != null && !java.nio.file.Files.isDirectory(dataRoot)
                            ? "the data root " + dataRoot + " does not exist: pass --data-root (or set TRIPLETLAB_DATA_ROOT) to the folder that holds " + d.root() + "/"
                            : "put the dataset there, or set data." + s + ".root to its folder (relative to the data root, or absolute)");
            out.add(d.list(folder));
        }
        requireDisjointNumbering(cfg.datasets(), out);
        return out;
    }

    /**
     * Refuses datasets of one {@linkplain NamedDataset#identityNumbering numbering} (CelebA's: {@code celeba},
     * {@code celeba-test}) that share an identity number: that number is one person, who would be two training
     * identities (a same-person pair counted as different, and possibly on both sides of the validation split).
     *
     * @param listed the listing of each dataset, parallel to {@code datasets}
     */
    static void requireDisjointNumbering(List<NamedDataset> datasets, List<SourceImages> listed) {
        List<Set<String>> numbers = new ArrayList<>();
        for (int i = 0; i < datasets.size(); i++) {
            NamedDataset d = datasets.get(i);
            Set<String> own = new TreeSet<>();
            for (SourceImages.Entry e : listed.get(i).entries()) {
                own.add(e.identity().substring(d.name().length() + 1));
            }
            numbers.add(own);
            for (int j = 0; j < i; j++) {
                NamedDataset earlier = datasets.get(j);
                if (d.identityNumbering() == null || !d.identityNumbering().equals(earlier.identityNumbering())) {
                    continue;
                }
                List<String> shared = own.stream().filter(numbers.get(j)::contains).toList();
                if (!shared.isEmpty()) {
                    throw new DataException(String.format(Locale.ROOT,
                            "datasets %s and %s share %d of their %s (e.g. %s): each is one person, who would be two training "
                                    + "identities. These folders are meant to be identity-disjoint (data.%s.root='%s', data.%s.root='%s'); "
                                    + "point one of them at a folder whose identities do not overlap, or load only one of them",
                            earlier.name(), d.name(), shared.size(), d.identityNumbering(),
                            String.join(", ", shared.subList(0, Math.min(5, shared.size()))), earlier.name(), earlier.root(), d.name(), d.root()));
                }
            }
        }
    }

    /** {@link #select(List, Set, NameAliases, int, String)} without aliases: exact (normalised) names only. */
    public static Selection select(List<SourceImages> sources, Set<String> excludedNames, int minImages, String exclusionDigest) {
        return select(sources, excludedNames, NameAliases.none(), minImages, exclusionDigest);
    }

    /**
     * Groups images by identity, drops identities whose person name is in {@code excludedNames}
     * (normalised, see {@link NameList#normalize}) or, for the cfp source, whose alias in
     * {@code cfpAliases} is (CFP spells some LFW people differently), then those with fewer than
     * {@code minImages} images.
     */
    public static Selection select(List<SourceImages> sources, Set<String> excludedNames, NameAliases cfpAliases, int minImages,
            String exclusionDigest) {
        Map<String, List<SourceImages.Entry>> byId = new LinkedHashMap<>();
        Map<String, String> personOf = new LinkedHashMap<>();
        Map<String, String> aliasOf = new LinkedHashMap<>();
        for (SourceImages s : sources) {
            for (SourceImages.Entry e : s.entries()) {
                byId.computeIfAbsent(e.identity(), k -> new ArrayList<>()).add(e);
                if (e.person() != null) {
                    personOf.put(e.identity(), e.person());
                    // The table maps CFP's spellings: applied to the cfp source only, so no other source's name is rewritten.
                    String alias = s.source().equals("cfp") ? cfpAliases.aliasOf(e.person()) : null;
                    if (alias != null) {
                        aliasOf.put(e.identity(), alias);
                    }
                }
            }
        }
        List<String> byExact = new ArrayList<>();
        Map<String, String> byAlias = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        List<List<SourceImages.Entry>> images = new ArrayList<>();
        int byName = 0;
        int belowMin = 0;
        int imagesOut = 0;
        for (Map.Entry<String, List<SourceImages.Entry>> e : byId.entrySet()) {
            String person = personOf.get(e.getKey());
            String alias = aliasOf.get(e.getKey());
            if (person != null && excludedNames.contains(NameList.normalize(person))) {
                byName++;
                byExact.add(e.getKey());
                imagesOut += e.getValue().size();
            } else if (alias != null && excludedNames.contains(NameList.normalize(alias))) {
                byName++;
                byAlias.put(e.getKey(), alias);
                imagesOut += e.getValue().size();
            } else if (e.getValue().size() < minImages) {
                belowMin++;
                imagesOut += e.getValue().size();
            } else {
                ids.add(e.getKey());
                images.add(List.copyOf(e.getValue()));
            }
        }
        if (ids.isEmpty()) {
            throw new DataException("sources " + sources.stream().map(SourceImages::source).toList() + ": no identity is left after "
                    + byName + " excluded by name and " + belowMin + " with fewer than " + minImages + " images (data.min_images)");
        }
        return new Selection(sources, ids, images, byId.size(), byName, belowMin, imagesOut, exclusionDigest, List.copyOf(byExact),
                java.util.Collections.unmodifiableMap(byAlias));
    }

    /** Decodes every selected image once, each with its source's crop. */
    public static FaceDataset decode(Selection sel, int imageSize, int channels) {
        List<SourceImages.Entry> entries = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        for (int id = 0; id < sel.identities().size(); id++) {
            for (SourceImages.Entry e : sel.images().get(id)) {
                entries.add(e);
                labelList.add(id);
            }
        }
        Map<String, ImageDecoder> decoders = new LinkedHashMap<>();
        StringBuilder manifest = new StringBuilder("named-sources v1\n");
        for (SourceImages s : sel.sources()) {
            decoders.put(s.source(), new ImageDecoder(imageSize, channels, s.crop()));
            manifest.append(String.format(Locale.ROOT, "source=%s folder=%s crop=%s selection=%s%n", s.source(),
                    FolderDigest.of(s.folder()), s.crop(), s.selection()));
        }
        manifest.append("exclude:\n").append(sel.exclusionDigest());
        int n = entries.size();
        int bytes = imageSize * imageSize * channels;
        byte[] pixels = new byte[Math.multiplyExact(n, bytes)];
        String[] sourceOf = new String[n];
        for (int i = 0; i < n; i++) {
            String name = entries.get(i).imageName();
            sourceOf[i] = name.substring(0, name.indexOf(':'));
            manifest.append(name).append('\n');
        }
        Parallel.forIndices(n, i -> decoders.get(sourceOf[i]).decode(entries.get(i).file(), pixels, i * bytes));
        manifest.append(String.format(Locale.ROOT, "size=%d channels=%d%n", imageSize, channels));
        int[] labels = labelList.stream().mapToInt(Integer::intValue).toArray();
        List<String> names = entries.stream().map(SourceImages.Entry::imageName).toList();
        String description = "sources " + String.join(" + ", sel.sources().stream()
                .map(s -> s.source() + " (" + s.folder().toAbsolutePath().normalize() + ", " + s.selection() + ")").toList());
        return new FaceDataset(imageSize, channels, pixels, labels, sel.identities(), names, Hashing.sha256(manifest.toString()), description);
    }

    /** A configured path, absolute or relative to the data root. */
    static Path resolve(String path, Path dataRoot, String key) {
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            return p;
        }
        if (dataRoot == null) {
            throw new DataException(key + " '" + path + "' is relative but no data root is given: pass --data-root DIR or set TRIPLETLAB_DATA_ROOT");
        }
        return dataRoot.resolve(p);
    }
}
