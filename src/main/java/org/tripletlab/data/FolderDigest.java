package org.tripletlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.tripletlab.util.FileReads;
import org.tripletlab.util.Hashing;

/**
 * The digest of a dataset folder's contents, for data manifests: training sources and benchmark
 * protocols both record it, so a run's manifest changes when the dataset under it does.
 */
public final class FolderDigest {
    private FolderDigest() {
    }

    /**
     * SHA-256 of the folder's {@code MANIFEST.sha256} (which lists the sha256 of every file), or, when
     * there is none, of the sorted list of its files with their sizes.
     */
    public static String of(Path folder) {
        Path m = folder.resolve("MANIFEST.sha256");
        try {
            if (Files.isRegularFile(m)) {
                return "manifest:" + Hashing.sha256(FileReads.text(m,
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
