package org.tripletlab.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tripletlab.data.DataException;
import org.tripletlab.util.FileReads;

/**
 * A list of person names, used to leave identities out of training (e.g. everyone in LFW).
 *
 * <p>File format: one name per line. Text after the first tab is ignored, so LFW's
 * {@code lfw-names.txt} and {@code people.txt} ({@code Name<TAB>count}) work as they are; blank
 * lines, lines starting with {@code #} and lines that are only a number (fold sizes) are skipped.
 *
 * <p>Names are compared in {@linkplain #normalize normal form}: underscores become blanks, runs of
 * blanks become one, case is ignored — so LFW's {@code Aaron_Eckhart} matches CFP's {@code Aaron Eckhart}.
 */
public final class NameList {
    private NameList() {
    }

    /** The normalised names of {@code file}. */
    public static Set<String> read(Path file) {
        if (!Files.exists(file)) {
            throw new DataException(file + ": name list not found (data.exclude_names; one name per line)");
        }
        List<String> lines = FileReads.lines(file, "fix data.exclude_names or the file (one name per line)");
        Set<String> out = new LinkedHashSet<>();
        for (String line : lines) {
            int tab = line.indexOf('\t');
            String name = (tab >= 0 ? line.substring(0, tab) : line).strip();
            if (name.isEmpty() || name.startsWith("#") || name.matches("\\d+")) {
                continue;
            }
            out.add(normalize(name));
        }
        return out;
    }

    /** Underscores to blanks, blank runs to one blank, trimmed, lower case. */
    public static String normalize(String name) {
        return name.replace('_', ' ').strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
