package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tripletlab.component.Component;
import org.tripletlab.component.Setting;
import org.tripletlab.data.FaceDataset;
import org.tripletlab.data.Parallel;
import org.tripletlab.data.SyntheticFaces;
import org.tripletlab.util.Hashing;

/**
 * {@code synthetic}: {@link SyntheticFaces}, identities × images per identity, rendered once at the
 * network's input size; no files, so it runs anywhere.
 *
 * @param identities number of identities
 * @param imagesPerIdentity images rendered per identity
 * @param seed seed of the faces
 */
public record SyntheticSource(int identities, int imagesPerIdentity, long seed) implements DataSource {
    public static final Setting IDENTITIES = SourceKeys.integer("data.synthetic.identities", 400, 4, 1000000, "number of synthetic identities");
    public static final Setting IMAGES_PER_IDENTITY = SourceKeys.integer("data.synthetic.images_per_identity", 10, 2, 10000,
            "images rendered per synthetic identity");
    public static final Setting SEED = SourceKeys.longInteger("data.synthetic.seed", 1234L, 0,
            "seed of the synthetic faces (kept apart from the run seed so seeds vary training, not data)");

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named("synthetic",
            "rendered synthetic faces (no files needed)")
            .key(IDENTITIES).key(IMAGES_PER_IDENTITY).key(SEED)
            .build(c -> new SyntheticSource(c.getInt(IDENTITIES.path()), c.getInt(IMAGES_PER_IDENTITY.path()), c.getLong(SEED.path())));

    @Override
    public DataSources.Loaded load(DataSettings cfg, Path dataRoot) {
        int ids = identities;
        int per = imagesPerIdentity;
        int n = ids * per;
        int bytes = cfg.imageSize() * cfg.imageSize() * cfg.channels();
        byte[] pixels = new byte[Math.multiplyExact(n, bytes)];
        int[] labels = new int[n];
        List<String> names = new ArrayList<>(n);
        List<String> identityNames = new ArrayList<>(ids);
        SyntheticFaces faces = new SyntheticFaces(seed);
        for (int id = 0; id < ids; id++) {
            identityNames.add(String.format(Locale.ROOT, "synthetic-%05d", id));
            for (int k = 0; k < per; k++) {
                labels[id * per + k] = id;
                names.add(String.format(Locale.ROOT, "synthetic-%05d/%04d", id, k));
            }
        }
        Parallel.forIndices(n, i -> {
            byte[] img = faces.render(labels[i], i % per, cfg.imageSize(), cfg.channels());
            System.arraycopy(img, 0, pixels, i * bytes, bytes);
        });
        String manifest = Hashing.sha256(String.format(Locale.ROOT, "synthetic-faces v1 seed=%d identities=%d per=%d size=%d channels=%d",
                seed, ids, per, cfg.imageSize(), cfg.channels()));
        FaceDataset ds = new FaceDataset(cfg.imageSize(), cfg.channels(), pixels, labels, identityNames, names, manifest,
                "synthetic faces (seed " + seed + ", " + ids + " identities × " + per + " images)");
        return new DataSources.Loaded(ds, ids, 0, 0);
    }
}
