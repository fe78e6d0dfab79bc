package org.tripletlab.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tripletlab.component.Setting;
import org.tripletlab.config.Schema;

/**
 * What {@code --set} completes to in the shell: every config key as {@code key=}, and for a key with a fixed set
 * of values (a choice or a boolean) each {@code key=value}, read from {@link Schema} so that a key added there
 * completes without touching the CLI.
 */
public final class ConfigKeyCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return candidates().iterator();
    }

    /** The candidates in schema order: {@code data.source=}, {@code data.source=synthetic}, …, {@code seed=}. */
    public static List<String> candidates() {
        List<String> out = new ArrayList<>();
        for (Setting s : Schema.settings().values()) {
            out.add(s.path() + "=");
            for (String value : values(s)) {
                out.add(s.path() + "=" + value);
            }
        }
        return out;
    }

    private static List<String> values(Setting s) {
        return switch (s.type()) {
            case CHOICE -> s.choices();
            case BOOLEAN -> List.of("true", "false");
            default -> List.of();
        };
    }
}
