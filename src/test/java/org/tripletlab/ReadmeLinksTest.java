package org.tripletlab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every link in README.md leads somewhere: an in-page link {@code (#anchor)} to one of its headings (GitHub's anchor of a
 * heading: lower case, punctuation other than '-' and '_' dropped, spaces as '-'), a relative link to a file or folder
 * of the repository. A section lost in an edit (as "What a run records" and its neighbours once were) fails here.
 */
class ReadmeLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyLinkOfTheReadmeResolves() throws IOException {
        String text = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6} .*")) {
                anchors.add(anchor(line.replaceFirst("#{1,6} ", "")));
            }
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String target = m.group(1);
            if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                continue;
            }
            checked++;
            if (target.startsWith("#")) {
                if (!anchors.contains(target.substring(1))) {
                    broken.add(target + " (no such heading)");
                }
            } else if (!Files.exists(Path.of(target.replaceFirst("#.*", "")))) {
                broken.add(target + " (no such file)");
            }
        }
        assertTrue(checked > 10, "README.md has in-page and file links: " + checked);
        assertTrue(broken.isEmpty(), "README.md links that lead nowhere: " + broken);
    }

    /** GitHub's anchor of a heading. */
    static String anchor(String heading) {
        String plain = heading.replaceAll("`", "").toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                b.append(c);
            } else if (c == ' ') {
                b.append('-');
            }
        }
        return b.toString();
    }
}
