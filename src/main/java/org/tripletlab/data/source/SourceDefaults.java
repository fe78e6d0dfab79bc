package org.tripletlab.data.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.tripletlab.config.Schema;
import org.tripletlab.data.DataException;
import org.tripletlab.util.Hashing;

/**
 * Per-source defaults (dataset folder under the data root, crop box) and the digest of a dataset
 * folder's contents. The defaults are those of the {@code data.<source>.*} keys in {@link Schema},
 * so the config and the evaluators crop the same way.
 */
public final class SourceDefaults {
    /** The named sources, in the order the README describes them. */
    public static final List<String> NAMED = List.of("lfw", "cfp", "celeba", "olivetti");

    private SourceDefaults() {
    }

    /** Default crop box {@code [x, y, w, h]} of a named source, or null (whole image). */
    @SuppressWarnings("unchecked")
    public static List<Integer> crop(String source) {
        return (List<Integer>) Schema.get("data." + known(source) + ".crop").defaultValue();
    }

    /** Default dataset folder of a named source, relative to the data root (e.g. {@code celeba-10k}). */
    public static String folder(String source) {
        return (String) Schema.get("data." + known(source) + ".root").defaultValue();
    }

    private static String known(String source) {
        if (!NAMED.contains(source)) {
            throw new IllegalArgumentException("unknown source '" + source + "'; expected one of " + NAMED);
        }
        return source;
    }

    /**
     * SHA-256 of the folder's {@code MANIFEST.sha256} (which lists the sha256 of every file), or, when
     * there is none, of the sorted list of its files with their sizes.
     */
    public static String manifestDigest(Path folder) {
        Path m = folder.resolve("MANIFEST.sha256");
        try {
            if (Files.isRegularFile(m)) {
                return "manifest:" + Hashing.sha256(org.tripletlab.util.FileReads.text(m,
                        "restore the dataset's MANIFEST.sha256 from its download (it lists the sha256 of every file), or delete it to hash the file list instead"));
            }
            StringBuilder sb = new StringBuilder();
            try (Stream<Path> s = Files.walk(folder)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    sb.append(folder.relativize(p).toString().replace('\\', '/')).append('\t').append(Files.size(p)).append('\n');
                }
            }
            return "listing:" + Hashing.sha256(sb.toString());
        } catch (IOException e) {
            throw new DataException(folder + ": cannot read the folder to hash it (" + e.getMessage() + ")", e);
        }
    }
}
