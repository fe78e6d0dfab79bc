package org.tripletlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The import rules ARCHITECTURE.md states, checked on the source tree: no package of
 * {@code org.tripletlab} (sub-packages counted on their own) takes part in an import cycle, the
 * component layer imports nothing of the project but {@code util}, and the data packages import only one
 * another (one way), {@code component} and {@code util}.
 *
 * <p>Imports are read from the main sources (imports and fully qualified names in code); a cycle is
 * reported with the files that make each of its edges, so the message says where to cut.
 */
class ImportRulesTest {
    private static final Path MAIN = Path.of("src/main/java/org/tripletlab");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.tripletlab\\.([a-z][a-z0-9_.]*?)\\.[A-Z]");

    /** Cycles still open, to be cut; each entry is the sorted member list of one strongly connected set. */
    private static final Set<String> KNOWN_CYCLES = Set.of();

    @Test
    void noPackageTakesPartInAnImportCycle() throws IOException {
        Map<String, Map<String, Set<String>>> edges = packageImports();
        List<String> cycles = new ArrayList<>();
        for (Set<String> scc : stronglyConnected(edges)) {
            if (scc.size() > 1 && !KNOWN_CYCLES.contains(String.join(",", scc))) {
                StringBuilder sb = new StringBuilder("cycle " + scc + ":");
                for (String a : scc) {
                    for (Map.Entry<String, Set<String>> e : edges.getOrDefault(a, Map.of()).entrySet()) {
                        if (scc.contains(e.getKey())) {
                            sb.append("\n  ").append(a).append(" → ").append(e.getKey()).append(" in ").append(e.getValue());
                        }
                    }
                }
                cycles.add(sb.toString());
            }
        }
        assertEquals(List.of(), cycles, "import cycles between packages (ARCHITECTURE.md, 'Packages')");
    }

    @Test
    void theComponentLayerImportsOnlyUtil() throws IOException {
        Map<String, Set<String>> out = packageImports().getOrDefault("component", Map.of());
        assertTrue(Set.of("util").containsAll(out.keySet()), "component imports " + out);
    }

    @Test
    void theDataPackagesImportOnlyComponentAndUtil() throws IOException {
        for (Map.Entry<String, Map<String, Set<String>>> e : packageImports().entrySet()) {
            if (e.getKey().equals("data") || e.getKey().startsWith("data.")) {
                for (String to : e.getValue().keySet()) {
                    assertTrue(to.equals("data") || to.startsWith("data.") || to.equals("component") || to.equals("util"),
                            e.getKey() + " imports " + to + " in " + e.getValue().get(to));
                }
            }
        }
    }

    /** Package → imported package → files of the first that import the second. */
    private static Map<String, Map<String, Set<String>>> packageImports() throws IOException {
        Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String to = m.group(1);
                    if (!to.equals(pkg)) {
                        edges.computeIfAbsent(pkg, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                                .add(f.getFileName().toString());
                    }
                }
            }
        }
        assertTrue(edges.size() > 10, "read the imports of " + MAIN.toAbsolutePath());
        return edges;
    }

    /** Tarjan's strongly connected sets, each sorted. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                visit(v, edges, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void visit(String v, Map<String, Map<String, Set<String>>> edges, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                visit(w, edges, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> scc = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                scc.add(w);
            } while (!w.equals(v));
            out.add(scc);
        }
    }
}
