package org.tripletlab.component;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its dotted path, type, default and the values it accepts.
 *
 * @param path dotted key path, e.g. {@code loss.margin}
 * @param type value type
 * @param defaultValue value used when the file does not set the key ({@code null} = unset allowed only if {@code nullable})
 * @param nullable whether {@code null} is an accepted value
 * @param min inclusive lower bound for numbers ({@code null} = none)
 * @param max inclusive upper bound for numbers ({@code null} = none)
 * @param choices allowed values for {@link Type#CHOICE}
 * @param help one line for error messages and the README
 */
public record Setting(String path, Type type, Object defaultValue, boolean nullable, Double min, Double max,
        List<String> choices, String help) {

    /** Value types a key can have. */
    public enum Type {
        INT, LONG, DOUBLE, BOOLEAN, STRING, CHOICE, INT_LIST, STRING_LIST
    }

    /** What the key accepts, phrased for an error message. */
    public String allowed() {
        String base = switch (type) {
            case INT, LONG -> "an integer" + range();
            case DOUBLE -> "a number" + range();
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case CHOICE -> "one of " + String.join(", ", choices);
            case INT_LIST -> "a list of integers" + range();
            case STRING_LIST -> "a list of strings";
        };
        return nullable ? base + " (or null)" : base;
    }

    private String range() {
        if (min == null && max == null) {
            return "";
        }
        if (max == null) {
            return " ≥ " + fmt(min);
        }
        if (min == null) {
            return " ≤ " + fmt(max);
        }
        return " in [" + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d", (long) v) : Double.toString(v);
    }
}
