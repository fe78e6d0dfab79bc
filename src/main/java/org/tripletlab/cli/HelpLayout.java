package org.tripletlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Wraps {@code --help} text only at spaces, so that no identifier, path or command is ever broken.
 *
 * <p>Why: picocli wraps with {@link java.text.BreakIterator}'s line rules, which break after a dot or a slash
 * ({@code --set miner.} / {@code strategy=hardest}, {@code sweep-index.} / {@code csv}, {@code e.} / {@code g.}),
 * and cuts a word longer than its column in two. Here picocli renders every section at a width where nothing wraps,
 * and each line is then wrapped again at spaces: a table row within its description column (continuation lines
 * indented as picocli does), the synopsis after the command name and outside brackets, text at its own indentation.
 * A word longer than the room left stays whole and runs past the width rather than being cut.
 */
final class HelpLayout {
    /** Width at which picocli renders a section without wrapping any of it. */
    static final int UNWRAPPED = 10_000;
    /** Width when the terminal's is unknown (picocli's default). */
    static final int DEFAULT_WIDTH = 80;
    /** How much further than the first line a table row's continuation lines are indented (as picocli does). */
    private static final int HANGING = 2;

    private HelpLayout() {
    }

    /** Installs the layout at {@code width} columns on {@code cl} and every subcommand below it, without colours. */
    static void install(CommandLine cl, int width) {
        cl.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        installOn(cl, width);
    }

    private static void installOn(CommandLine cl, int width) {
        cl.setUsageHelpWidth(UNWRAPPED);
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>();
        cl.getHelpSectionMap().forEach((key, renderer) -> sections.put(key, wrapped(key, renderer, width)));
        cl.setHelpSectionMap(sections);
        for (CommandLine sub : cl.getSubcommands().values()) {
            installOn(sub, width);
        }
    }

    /**
     * The width of the terminal as the shell exports it ({@code COLUMNS}, 40–160), else {@value #DEFAULT_WIDTH}:
     * wider help lines than 160 are hard to read, narrower than 40 cannot hold a description column.
     */
    static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        try {
            int w = columns == null ? DEFAULT_WIDTH : Integer.parseInt(columns.trim());
            return Math.max(40, Math.min(160, w));
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    private static IHelpSectionRenderer wrapped(String key, IHelpSectionRenderer renderer, int width) {
        return help -> {
            String text = renderer.render(help);
            if (text == null || text.isEmpty()) {
                return text;
            }
            return switch (key) {
                case CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS -> synopsis(text, help, width);
                case CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST -> eachLine(text, width, tableRows(text));
                default -> eachLine(text, width, HelpLayout::paragraph);
            };
        };
    }

    /** How one unwrapped line is wrapped: from which column it may break, and where continuation lines start. */
    private record Breaks(int from, int indent) {
    }

    private interface Rule {
        Breaks of(String line);
    }

    private static String eachLine(String text, int width, Rule rule) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) {
                out.append('\n');
            }
            // the last piece has no newline after it: a heading such as "Usage: " keeps its trailing space
            String l = i < lines.length - 1 ? stripTrailing(line) : line;
            Breaks b = rule.of(l);
            out.append(String.join("\n", wrap(l, width, 0, b.from(), b.indent(), false)));
        }
        return out.toString();
    }

    /** Text (a description, header or footer): breaks anywhere after its indentation, continuation lines at it. */
    private static Breaks paragraph(String line) {
        int lead = leadingSpaces(line);
        return new Breaks(lead, lead);
    }

    /**
     * The rule for the rows of an option, parameter or command table: breaks only in the description column, and
     * continuation lines start {@value #HANGING} further in. The column is the one most rows start their
     * description at (after the first run of two or more spaces): a label that fills its column leaves only one
     * space before the description, so it cannot be found from that row alone.
     */
    private static Rule tableRows(String text) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int lead = leadingSpaces(line);
            int gap = line.indexOf("  ", lead);
            if (lead < line.length() && gap >= 0) {
                counts.merge(gap + spacesFrom(line, gap), 1, Integer::sum);
            }
        }
        int column = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        return line -> {
            int from = Math.max(column, leadingSpaces(line));
            return new Breaks(from, from + HANGING);
        };
    }

    /**
     * The synopsis ("tripletlab train [-hV] [--set=KEY=VALUE]... CONFIG", after the heading "Usage: "): breaks
     * between elements outside brackets, continuation lines aligned after the command name, as picocli does.
     */
    private static String synopsis(String text, Help help, int width) {
        String heading = help.synopsisHeading();
        int offset = heading.length() - heading.lastIndexOf('\n') - 1;
        int indent = offset + help.commandSpec().qualifiedName().length() + 1;
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (String line : text.split("\n", -1)) {
            if (!first) {
                out.append('\n');
            }
            out.append(String.join("\n", wrap(stripTrailing(line), width, first ? offset : 0, 0, indent, true)));
            first = false;
        }
        return out.toString();
    }

    /**
     * Greedy wrapping of {@code line} (shown starting at column {@code offset}) at spaces at or after {@code from}
     * (and outside brackets when {@code outsideBrackets}); continuation lines are indented by {@code indent}. A word
     * that does not fit in the room left is kept whole on a line of its own.
     */
    static List<String> wrap(String line, int width, int offset, int from, int indent, boolean outsideBrackets) {
        List<String> out = new ArrayList<>();
        String rest = line;
        int start = offset;
        int breakFrom = from;
        while (start + rest.length() > width) {
            int cut = lastBreak(rest, width - start, breakFrom, outsideBrackets);
            if (cut < 0) {
                cut = firstBreak(rest, breakFrom, outsideBrackets);
            }
            if (cut < 0) {
                break;
            }
            out.add(stripTrailing(rest.substring(0, cut)));
            rest = " ".repeat(indent) + rest.substring(cut).stripLeading();
            start = 0;
            breakFrom = indent;
        }
        out.add(rest);
        return out;
    }

    /** The last space at or after {@code from} where the line can break so that its first part fits in {@code room}. */
    private static int lastBreak(String s, int room, int from, boolean outsideBrackets) {
        int best = -1;
        int depth = 0;
        for (int i = 0; i < s.length() && i <= room; i++) {
            char c = s.charAt(i);
            depth += c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
            if (c == ' ' && i > from && s.charAt(i - 1) != ' ' && (!outsideBrackets || depth == 0)) {
                best = i;
            }
        }
        return best;
    }

    /** The first space at or after {@code from} where the line can break at all (the first word overflows). */
    private static int firstBreak(String s, int from, boolean outsideBrackets) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            depth += c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
            if (c == ' ' && i > from && s.charAt(i - 1) != ' ' && (!outsideBrackets || depth == 0)) {
                return i;
            }
        }
        return -1;
    }

    private static int leadingSpaces(String s) {
        return spacesFrom(s, 0);
    }

    private static int spacesFrom(String s, int i) {
        int n = 0;
        while (i + n < s.length() && s.charAt(i + n) == ' ') {
            n++;
        }
        return n;
    }

    private static String stripTrailing(String s) {
        return s.stripTrailing();
    }
}
