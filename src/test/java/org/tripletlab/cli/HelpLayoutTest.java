package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every command's {@code --help} wraps only between words: no identifier ({@code miner.strategy=hardest}), path
 * ({@code sweep-index.csv}) or command is split across lines at the widths terminals commonly have.
 */
class HelpLayoutTest {
    /** The deepest column a help line's wrapped text starts at (plot's description column plus its hanging indent). */
    private static final int DEEPEST_INDENT = 32;

    @ParameterizedTest
    @ValueSource(ints = {60, 80, 100})
    void noLineEndsInsideAnIdentifierPathOrCommand(int width) {
        Map<String, String> wide = helpOfEveryCommand(HelpLayout.UNWRAPPED);
        Map<String, String> wrapped = helpOfEveryCommand(width);
        assertEquals(wide.keySet(), wrapped.keySet());
        for (String command : wide.keySet()) {
            String unwrapped = wide.get(command);
            String text = wrapped.get(command);
            // The same words in the same order: wrapping only ever replaced a space by a line break and indentation.
            assertEquals(words(unwrapped), words(text), command + " --help at width " + width + " changed or split words:\n" + text);
            Set<String> protectedTokens = words(unwrapped).stream().filter(w -> w.matches(".*[./=-].*")).collect(Collectors.toSet());
            String[] lines = text.split("\n");
            for (int i = 0; i + 1 < lines.length; i++) {
                List<String> here = words(lines[i]);
                List<String> next = words(lines[i + 1]);
                if (here.isEmpty() || next.isEmpty()) {
                    continue;
                }
                String joined = here.get(here.size() - 1) + next.get(0);
                for (String token : protectedTokens) {
                    if (token.contains(joined)) {
                        fail(command + " --help at width " + width + ": line " + (i + 1) + " ends inside '" + token + "':\n"
                                + lines[i] + "\n" + lines[i + 1]);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 80, 100})
    void linesFitTheWidthUnlessOneWordIsLongerThanTheRoomLeft(int width) {
        helpOfEveryCommand(width).forEach((command, text) -> {
            for (String line : text.split("\n")) {
                if (line.length() > width) {
                    int lastWord = line.lastIndexOf(' ') + 1;
                    assertTrue(lastWord <= DEEPEST_INDENT, command + " --help at width " + width
                            + ": a line longer than the width that could have been broken:\n" + line);
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 80})
    void theKnownCasesAreWhole(int width) {
        Map<String, String> help = helpOfEveryCommand(width);
        assertTrue(words(help.get("tripletlab train")).contains("miner.strategy=hardest"), help.get("tripletlab train"));
        assertTrue(words(help.get("tripletlab sweep")).contains("<out>/<sweep-name>/sweep-index.csv."), help.get("tripletlab sweep"));
        assertTrue(words(help.get("tripletlab report")).contains("e.g."), help.get("tripletlab report"));
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 80})
    void theSynopsisKeepsItsHeadingAndAlignsAfterTheCommandName(int width) {
        String train = helpOfEveryCommand(width).get("tripletlab train");
        String[] lines = train.split("\n");
        assertTrue(lines[0].startsWith("Usage: tripletlab train ["), train);
        assertTrue(lines[1].startsWith(" ".repeat("Usage: tripletlab train ".length()) + "["), train);
    }

    /** The help text of the root command and every subcommand below it, by qualified name, at {@code width}. */
    private static Map<String, String> helpOfEveryCommand(int width) {
        CommandLine root = new CommandLine(new Main());
        HelpLayout.install(root, width);
        Map<String, String> out = new LinkedHashMap<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandLine cl, Map<String, String> out) {
        out.put(cl.getCommandSpec().qualifiedName(), cl.getUsageMessage());
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, out);
        }
    }

    private static List<String> words(String text) {
        return new ArrayList<>(Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList());
    }
}
