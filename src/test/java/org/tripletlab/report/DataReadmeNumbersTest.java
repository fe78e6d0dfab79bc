package org.tripletlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The numbers of {@code results/data/README.md}'s tables are those of the files beside it: the framing table is
 * {@code framing/framing.csv} row by row, the protocol table {@code protocol-v2.txt}'s. Needs no data set (the files
 * themselves are regenerated from the data by {@code train.ProtocolV2RealDataTest} and the README's commands).
 */
class DataReadmeNumbersTest {
    private static final Path DIR = Path.of("results/data");

    private static List<List<String>> table(String readme, String header) {
        int at = readme.indexOf(header);
        assertTrue(at >= 0, "results/data/README.md: no table starting '" + header + "'");
        List<List<String>> rows = new ArrayList<>();
        String[] lines = readme.substring(at).split("\n");
        for (int i = 2; i < lines.length && lines[i].startsWith("|"); i++) {
            String[] cells = lines[i].substring(1, lines[i].length() - 1).split("\\|");
            rows.add(Arrays.stream(cells).map(String::strip).toList());
        }
        return rows;
    }

    /** The numbers of a cell, in order: "41.8 (35.8–47.0)" → [41.8, 35.8, 47.0]; "`[15, 35, 59, 59]`" → its four. */
    private static List<String> numbers(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\d[\\d,]*(\\.\\d+)?").matcher(cell.replace(", ", " "));
        while (m.find()) {
            out.add(m.group().replace(",", ""));
        }
        return out;
    }

    /** The fields of one CSV line; a field in double quotes may hold commas. */
    private static List<String> csvFields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    @Test
    void framingTableIsFramingCsv() throws IOException {
        String readme = Files.readString(DIR.resolve("README.md"), StandardCharsets.UTF_8);
        List<List<String>> rows = table(readme, "| source, crop (x, y, w, h) |");
        List<String> csv = Files.readAllLines(DIR.resolve("framing/framing.csv"), StandardCharsets.UTF_8);
        assertEquals(csv.size() - 1, rows.size(), "one README row per framing.csv row");
        for (int i = 0; i < rows.size(); i++) {
            // sheet,"crop",images,measured,d,d10,d90,y,y10,y90,x,"box"
            List<String> f = csvFields(csv.get(i + 1));
            List<String> r = rows.get(i);
            String what = "results/data/README.md framing row " + (i + 1) + " (" + f.get(0) + ")";
            if (!f.get(1).equals("whole")) {
                assertEquals(Arrays.asList(f.get(1).split(",")), numbers(r.get(0)).subList(numbers(r.get(0)).size() - 4, numbers(r.get(0)).size()), what + ": crop");
            }
            assertEquals(List.of(f.get(2)), numbers(r.get(1)), what + ": images");
            assertEquals(List.of(f.get(3)), numbers(r.get(2)), what + ": measured");
            assertEquals(List.of(f.get(4), f.get(5), f.get(6)), numbers(r.get(3)), what + ": eye distance");
            assertEquals(List.of(f.get(7), f.get(8), f.get(9)), numbers(r.get(4)), what + ": eye line");
            if (!f.get(11).isEmpty() && !f.get(0).equals("lfw-view1")) {
                assertEquals(Arrays.asList(f.get(11).split(",")), numbers(r.get(5)), what + ": matching box");
            }
        }
    }

    @Test
    void protocolTableIsProtocolV2Txt() throws IOException {
        String readme = Files.readString(DIR.resolve("README.md"), StandardCharsets.UTF_8);
        List<List<String>> rows = table(readme, "| source | identities | images |");
        List<String> txt = Files.readAllLines(DIR.resolve("protocol-v2.txt"), StandardCharsets.UTF_8);
        for (List<String> r : rows) {
            String source = r.get(0).replaceAll("[*]", "").split(" ")[0];
            String line = txt.stream().filter(l -> l.startsWith(source + " ")).findFirst().orElseThrow(
                    () -> new AssertionError("protocol-v2.txt has no row " + source));
            List<String> want = numbers(line.substring(source.length()));
            List<String> got = new ArrayList<>();
            r.subList(1, r.size()).forEach(c -> got.addAll(numbers(c)));
            assertEquals(want, got, "results/data/README.md protocol row " + source);
        }
        String split = txt.stream().filter(l -> l.startsWith("split")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("training ([\\d,]+) identities / ([\\d,]+) images, validation ([\\d,]+) identities / ([\\d,]+) images").matcher(split);
        assertTrue(m.find(), split);
        assertTrue(readme.contains(m.group(1) + " training identities with " + m.group(2) + " images, " + m.group(3)
                + " validation\nidentities with " + m.group(4) + " images"), "README's split sentence is protocol-v2.txt's: " + split);
    }
}
