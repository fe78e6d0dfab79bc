package org.tripletlab.data.protocol;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tripletlab.util.FileReads;

/**
 * CFP's person names: {@code Data/list_name.txt}, line k (1-based, blank lines included) the name of
 * the person whose image folder is id k ({@code Data/Images/001} is line 1).
 */
public final class CfpNames {
    private CfpNames() {
    }

    /** The names in id order, or an empty list when the file does not exist. */
    public static List<String> read(Path cfp) {
        Path f = cfp.resolve("Data/list_name.txt");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        return FileReads.lines(f, "restore CFP's Data/list_name.txt from the original download").stream().map(String::strip).toList();
    }

    /** The name of id folder {@code id} (e.g. {@code 007}), or the id itself when it has none. */
    public static String name(String id, List<String> names) {
        try {
            int k = Integer.parseInt(id);
            if (k >= 1 && k <= names.size() && !names.get(k - 1).isEmpty()) {
                return names.get(k - 1);
            }
        } catch (NumberFormatException e) {
            // not a numbered folder: fall through
        }
        return id;
    }
}
