package org.tripletlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tripletlab.config.Schema;

/** {@code tripletlab completion}: the bash script completes the commands, their options and the config keys of {@code --set}. */
class CompletionCommandTest {
    @Test
    void theScriptNamesEveryCommandOptionsAndConfigKeys() {
        String script = printedScript();
        for (String verb : List.of("train", "eval", "bench", "sweep", "report", "plot", "completion", "help")) {
            assertTrue(script.contains(verb), verb);
        }
        for (String option : List.of("'--set'", "'--data-root'", "'--rerun'", "'--restart'", "'--workers'", "'--dry-run'", "'--pivot'", "'--executor'",
                "'--max-parallel'", "'--script-only'", "'--reindex'")) {
            assertTrue(script.contains(option), option);
        }
        for (String key : Schema.settings().keySet()) {
            assertTrue(script.contains("\"" + key + "=\""), key + "= is not a --set candidate");
        }
        assertTrue(script.contains("\"miner.strategy=semi-hard\""));
        assertTrue(script.contains("miner.strategy) values=\"random semi-hard hardest batch-all distance-weighted\""), script);
        assertTrue(script.contains("complete -F _tripletlab_complete -o default tripletlab"));
    }

    @Test
    void bashCompletesVerbsKeysAndTheValueAfterTheEqualsSign(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash on this machine");
        Path script = dir.resolve("completion.bash");
        Files.writeString(script, printedScript());
        // COMP_WORDS as bash splits them: '=' is a word of its own (COMP_WORDBREAKS).
        String probe = "source " + script + " 2>/dev/null\n"
                + "try() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=\"${COMP_WORDS[*]}\"; "
                + "COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _tripletlab_complete 2>/dev/null; echo \"${COMPREPLY[*]}\"; }\n"
                + "try tripletlab sw\n"
                + "try tripletlab train x.yaml --set miner.strategy =\n"
                + "try tripletlab train x.yaml --set miner.strategy = se\n"
                + "try tripletlab train x.yaml --set loss.marg\n"
                + "try tripletlab sweep s.yaml --executor ''\n";
        Process p = new ProcessBuilder("/bin/bash", "-c", probe).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> lines = out.lines().toList();
        assertEquals("sweep", lines.get(0), out);
        assertEquals("random semi-hard hardest batch-all distance-weighted", lines.get(1), out);
        assertEquals("semi-hard", lines.get(2), out);
        assertEquals("loss.margin=", lines.get(3), out);
        assertEquals("local slurm", lines.get(4), out);
    }

    private static String printedScript() {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.execute("completion"));
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
