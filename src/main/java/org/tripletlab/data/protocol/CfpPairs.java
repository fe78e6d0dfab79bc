package org.tripletlab.data.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tripletlab.data.DataException;
import org.tripletlab.data.TextLines;

/**
 * CFP's verification protocols, read from the dataset folder {@code <dataRoot>/cfp}.
 *
 * <p>Formats:
 * <ul>
 *   <li>{@code Protocol/Pair_list_F.txt} (frontal) and {@code Protocol/Pair_list_P.txt} (profile): lines
 *       {@code <number> <path>}, the path relative to {@code Protocol/}, e.g.
 *       {@code 1 ../Data/Images/001/frontal/01.jpg}. The folder after {@code Images} is the person's id.</li>
 *   <li>{@code Protocol/Split/<FF|FP>/<NN>/same.txt} and {@code diff.txt}: lines {@code i,j} of those
 *       numbers. In FF both come from the frontal list; in FP the first is frontal and the second
 *       profile. Each numbered folder {@code 01..10} is one fold (fold 0 is {@code 01}).</li>
 *   <li>{@code Data/list_name.txt}: line k is the name of person id k (ids are zero-padded folder
 *       names, {@code 001} = line 1). Identities are {@code cfp:<name>}, or {@code cfp:<id>} when the
 *       file is absent.</li>
 * </ul>
 * A malformed line, an unknown number or a pair naming an image not on disk is a
 * {@link DataException} naming the file and line.
 */
public final class CfpPairs {
    private CfpPairs() {
    }

    /** Frontal–frontal: 10 folds × 350 same + 350 different. */
    public static PairProtocol ff(Path cfp) {
        return read(cfp, "FF");
    }

    /** Frontal–profile: 10 folds × 350 same + 350 different. */
    public static PairProtocol fp(Path cfp) {
        return read(cfp, "FP");
    }

    private static PairProtocol read(Path cfp, String kind) {
        List<String> names = CfpNames.read(cfp);
        Map<Integer, String> frontal = pairList(cfp.resolve("Protocol/Pair_list_F.txt"));
        Map<Integer, String> second = kind.equals("FF") ? frontal : pairList(cfp.resolve("Protocol/Pair_list_P.txt"));
        Path splitDir = cfp.resolve("Protocol/Split").resolve(kind);
        List<Path> foldDirs;
        try (Stream<Path> s = Files.list(splitDir)) {
            foldDirs = s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().matches("\\d+")).sorted().toList();
        } catch (IOException e) {
            throw new DataException(splitDir + ": cannot list the fold folders 01..10 (" + e + ")", e);
        }
        if (foldDirs.isEmpty()) {
            throw new DataException(splitDir + ": no numbered fold folders (expected 01..10 with same.txt and diff.txt)");
        }
        PairProtocol.Builder b = new PairProtocol.Builder("cfp-" + kind.toLowerCase(java.util.Locale.ROOT), "cfp", cfp);
        for (int f = 0; f < foldDirs.size(); f++) {
            for (String file : List.of("same.txt", "diff.txt")) {
                boolean same = file.equals("same.txt");
                TextLines in = TextLines.read(foldDirs.get(f).resolve(file), "CFP pairs 'i,j'");
                for (TextLines.Line line : in.all()) {
                    String[] ij = line.text().split("\\s*,\\s*");
                    if (ij.length != 2) {
                        throw in.error(line, "expected 'i,j'");
                    }
                    String a = lookup(in, line, ij[0], frontal, "Pair_list_F.txt");
                    String c = lookup(in, line, ij[1], second, kind.equals("FF") ? "Pair_list_F.txt" : "Pair_list_P.txt");
                    int i = b.image(a, identity(a, names), in, line);
                    int j = b.image(c, identity(c, names), in, line);
                    b.pair(i, j, same, f);
                }
            }
        }
        return b.build(foldDirs.size());
    }

    private static String lookup(TextLines in, TextLines.Line line, String number, Map<Integer, String> list, String listName) {
        int k;
        try {
            k = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw in.error(line, "'" + number + "' is not an image number");
        }
        String p = list.get(k);
        if (p == null) {
            throw in.error(line, "image number " + k + " is not in " + listName);
        }
        return p;
    }

    /** Number → image path relative to the CFP folder ({@code Data/Images/...}). */
    static Map<Integer, String> pairList(Path file) {
        TextLines in = TextLines.read(file, "CFP image list '<number> ../Data/Images/<id>/<pose>/<NN>.jpg'");
        Path protocol = file.getParent();
        Path cfp = protocol.getParent();
        Map<Integer, String> out = new HashMap<>();
        for (TextLines.Line line : in.all()) {
            in.expectFields(line, "'<number> <path>'", 2);
            int k = in.intField(line, 0, 1, "image number");
            Path p = protocol.resolve(line.fields()[1]).normalize();
            if (!p.startsWith(cfp.normalize())) {
                throw in.error(line, "path leaves the CFP folder");
            }
            String rel = cfp.normalize().relativize(p).toString().replace('\\', '/');
            if (out.put(k, rel) != null) {
                throw in.error(line, "image number " + k + " is listed twice");
            }
        }
        return out;
    }

    /** {@code cfp:<name>} from the id folder in {@code Data/Images/<id>/...}. */
    static String identity(String relPath, List<String> names) {
        String[] parts = relPath.split("/");
        int at = List.of(parts).indexOf("Images");
        String id = at >= 0 && at + 1 < parts.length ? parts[at + 1] : parts[0];
        return "cfp:" + CfpNames.name(id, names);
    }
}
