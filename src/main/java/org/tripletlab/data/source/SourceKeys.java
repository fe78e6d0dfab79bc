package org.tripletlab.data.source;

import java.util.List;
import org.tripletlab.component.ConfigView;
import org.tripletlab.component.Setting;

/**
 * Constructors for the {@code data.*} keys in {@code config.Schema}'s vocabulary, and the one check
 * every crop box key shares, so each source declares its keys in a few readable lines.
 */
final class SourceKeys {
    private SourceKeys() {
    }

    static Setting string(String path, String def, String help) {
        return new Setting(path, Setting.Type.STRING, def, false, null, null, List.of(), help);
    }

    static Setting nullableString(String path, String help) {
        return new Setting(path, Setting.Type.STRING, null, true, null, null, List.of(), help);
    }

    static Setting integer(String path, int def, int min, int max, String help) {
        return new Setting(path, Setting.Type.INT, def, false, (double) min, (double) max, List.of(), help);
    }

    static Setting longInteger(String path, long def, long min, String help) {
        return new Setting(path, Setting.Type.LONG, def, false, (double) min, null, List.of(), help);
    }

    static Setting number(String path, double def, double min, double max, String help) {
        return new Setting(path, Setting.Type.DOUBLE, def, false, min, max, List.of(), help);
    }

    static Setting bool(String path, boolean def, String help) {
        return new Setting(path, Setting.Type.BOOLEAN, def, false, null, null, List.of(), help);
    }

    static Setting choice(String path, String def, String help, String... choices) {
        return new Setting(path, Setting.Type.CHOICE, def, false, null, null, List.of(choices), help);
    }

    static Setting nullableStrings(String path, String help) {
        return new Setting(path, Setting.Type.STRING_LIST, null, true, null, null, List.of(), help);
    }

    /** A crop box key {@code [x, y, width, height]}: integers ≥ 0, {@code def} or null for the whole image. */
    static Setting crop(String path, List<Integer> def, String help) {
        return new Setting(path, Setting.Type.INT_LIST, def, true, 0.0, null, List.of(), help);
    }

    /** The crop box at {@code path}, checked: four numbers with a positive width and height, or null. */
    static List<Integer> checkedCrop(ConfigView c, String path) {
        List<Integer> crop = c.getIntList(path);
        if (crop != null && (crop.size() != 4 || crop.get(2) <= 0 || crop.get(3) <= 0)) {
            throw c.error(path, crop + " is not allowed; expected [x, y, width, height] with width, height > 0, or null");
        }
        return crop;
    }
}
