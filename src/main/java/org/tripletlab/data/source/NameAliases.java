package org.tripletlab.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tripletlab.data.DataException;
import org.tripletlab.util.FileReads;
import org.tripletlab.util.Hashing;

/**
 * Variant spellings of person names: a table from one dataset's spelling to another's, e.g. CFP's
 * {@code Robert Downey} to LFW's {@code Robert_Downey_Jr}. Exact name matching ({@link NameList#normalize})
 * cannot see that these are the same people, so name exclusion and the test-identity check both ask
 * this table for a name's {@linkplain #canonical canonical form}.
 *
 * <p>File format ({@code cfp/lfw-aliases.txt}): one alias a line, the variant name, a tab, the canonical
 * name; blank lines and lines starting with {@code #} are skipped. Both sides are compared in normal
 * form (case, {@code _} vs blank and blank runs ignored).
 */
public final class NameAliases {
    private static final NameAliases NONE = new NameAliases(Map.of(), "");

    /** Normalised variant → canonical name as the file writes it (e.g. {@code george bush} → {@code George_W_Bush}). */
    private final Map<String, String> canonical;
    private final String digest;

    private NameAliases(Map<String, String> canonical, String digest) {
        this.canonical = Collections.unmodifiableMap(canonical);
        this.digest = digest;
    }

    /** A table without aliases: every name is its own canonical form. */
    public static NameAliases none() {
        return NONE;
    }

    /** Reads an alias file; a line without exactly one tab, or a variant listed twice, is an error naming the line. */
    public static NameAliases read(Path file) {
        if (!Files.exists(file)) {
            throw new DataException(file + ": alias table not found (lines 'variant name<TAB>canonical name', e.g. cfp/lfw-aliases.txt)");
        }
        List<String> lines = FileReads.lines(file, "fix data.cfp.aliases or the file (lines 'variant name<TAB>canonical name')");
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
                throw new DataException(file + ":" + (i + 1) + ": expected 'variant name<TAB>canonical name', got '" + line + "'");
            }
            if (map.put(NameList.normalize(f[0]), f[1].strip()) != null) {
                throw new DataException(file + ":" + (i + 1) + ": '" + f[0].strip() + "' is listed twice");
            }
        }
        return new NameAliases(map, Hashing.sha256(String.join("\n", lines)));
    }

    /** This table and {@code other}; where both list a variant, this table's entry is kept. */
    public NameAliases and(NameAliases other) {
        if (other.canonical.isEmpty()) {
            return this;
        }
        Map<String, String> map = new LinkedHashMap<>(other.canonical);
        map.putAll(canonical);
        return new NameAliases(map, Hashing.sha256(digest + "+" + other.digest));
    }

    /** The canonical spelling of {@code name} as the table writes it (e.g. {@code Joseph_Biden}), or null when it has none. */
    public String aliasOf(String name) {
        return canonical.get(NameList.normalize(name));
    }

    /** The normal form of {@code name}'s canonical spelling: {@code "Joe Biden"} → {@code "joseph biden"}. */
    public String canonical(String name) {
        String c = aliasOf(name);
        return NameList.normalize(c != null ? c : name);
    }

    public int size() {
        return canonical.size();
    }

    /** SHA-256 of the file text (empty for {@link #none()}), for manifests. */
    public String digest() {
        return digest;
    }
}
