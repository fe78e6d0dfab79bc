package org.tripletlab.data.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tripletlab.data.protocol.CfpNames;

/**
 * CFP images for training: {@code <cfp>/Data/Images/<id>/{frontal,profile}/NN.jpg}, identities
 * {@code cfp:<name>} with the name from {@code Data/list_name.txt} (the id when it has none).
 */
public final class CfpSource {
    private CfpSource() {
    }

    /** @param poses {@code both}, {@code frontal} or {@code profile} */
    public static SourceImages list(Path cfp, String poses, List<Integer> crop) {
        Path images = cfp.resolve("Data/Images");
        Listing.requireDir(images, "CFP's Data/Images/<id>/{frontal,profile}/NN.jpg");
        List<String> names = CfpNames.read(cfp);
        List<String> sub = switch (poses) {
            case "both" -> List.of("frontal", "profile");
            case "frontal", "profile" -> List.of(poses);
            default -> throw new IllegalArgumentException("poses " + poses);
        };
        List<SourceImages.Entry> out = new ArrayList<>();
        for (Path dir : Listing.dirs(images)) {
            String name = CfpNames.name(dir.getFileName().toString(), names);
            for (String pose : sub) {
                Path d = dir.resolve(pose);
                if (!java.nio.file.Files.isDirectory(d)) {
                    continue;
                }
                for (Path f : Listing.images(d)) {
                    out.add(new SourceImages.Entry(f, "cfp:" + name, name, "cfp:" + Listing.rel(cfp, f)));
                }
            }
        }
        return new SourceImages("cfp", cfp, out, crop, "poses=" + poses);
    }
}
