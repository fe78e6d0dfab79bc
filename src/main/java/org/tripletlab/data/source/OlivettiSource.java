package org.tripletlab.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tripletlab.component.Component;
import org.tripletlab.component.Setting;
import org.tripletlab.data.TextLines;

/**
 * {@code olivetti}: the Olivetti (AT&T/ORL) faces, {@code <olivetti>/labels.csv} with a header
 * {@code image,subject} and rows {@code images/image-N.png,<subject>}; identities
 * {@code olivetti:<subject>} (anonymous). A malformed row or a missing image is an error naming the line.
 *
 * @param root the Olivetti folder ({@code data.olivetti.root})
 * @param crop crop box ({@code data.olivetti.crop}) or null
 */
public record OlivettiSource(String root, List<Integer> crop) implements NamedDataset {
    public static final Setting ROOT = SourceKeys.string("data.olivetti.root", "olivetti",
            "olivetti source: Olivetti folder under the data root (images/, labels.csv)");
    public static final Setting CROP = SourceKeys.crop("data.olivetti.crop", null, "olivetti source: crop box; null = the whole 64×64 grey face");

    public static final Component<DataSource> COMPONENT = Component.<DataSource>named("olivetti",
            "the Olivetti (AT&T/ORL) faces under the data root, 40 subjects × 10 grey images")
            .key(NamedSources.EXCLUDE_NAMES).key(ROOT).key(CROP)
            .check(c -> SourceKeys.checkedCrop(c, CROP.path()))
            .build(c -> NamedSources.of(c, List.of(new OlivettiSource(c.getString(ROOT.path()), c.getIntList(CROP.path())))));

    @Override
    public String name() {
        return "olivetti";
    }

    @Override
    public SourceImages list(Path olivetti) {
        TextLines in = TextLines.read(olivetti.resolve("labels.csv"), "Olivetti labels 'image,subject'");
        List<SourceImages.Entry> out = new ArrayList<>();
        boolean header = true;
        for (TextLines.Line line : in.all()) {
            String[] f = line.text().split("\\s*,\\s*");
            if (header) {
                header = false;
                if (f.length == 2 && f[0].equals("image") && f[1].equals("subject")) {
                    continue;
                }
            }
            if (f.length != 2) {
                throw in.error(line, "expected 'image,subject'");
            }
            int subject;
            try {
                subject = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw in.error(line, "subject '" + f[1] + "' is not an integer");
            }
            Path file = olivetti.resolve(f[0]).normalize();
            if (!file.startsWith(olivetti.normalize()) || !Files.isRegularFile(file)) {
                throw in.error(line, "image " + f[0] + " does not exist (" + file.toAbsolutePath() + ")");
            }
            out.add(new SourceImages.Entry(file, "olivetti:" + subject, null, "olivetti:" + Listing.rel(olivetti.normalize(), file)));
        }
        List<SourceImages.Entry> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt((SourceImages.Entry e) -> Integer.parseInt(e.identity().substring(9)))
                .thenComparing(e -> imageNumber(e.imageName())).thenComparing(SourceImages.Entry::imageName));
        return new SourceImages("olivetti", olivetti, sorted, crop, "all");
    }

    /** The N of {@code image-N.png}, for numeric rather than text order; -1 otherwise. */
    private static int imageNumber(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.[A-Za-z]+$").matcher(name);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
