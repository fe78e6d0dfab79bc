package org.tripletlab.notebook;

/**
 * A few lines of Markdown-like text as HTML, the way a notebook shows a computed sentence or list.
 *
 * <p>Why: the kernel shows a cell's last {@code String} value as HTML, so a helper that returns its finding as
 * HTML is a whole cell by itself ({@code sweep.activeShare()}), without {@code display("text/markdown", …)}
 * around it. Only what the helpers write is understood: paragraphs separated by a blank line, lines starting
 * with {@code "- "} as a list, {@code **bold**} and {@code `code`}; everything else is escaped and shown as written.
 */
public final class Prose {
    private Prose() {
    }

    /** The text as HTML: paragraphs, bullet lists, bold and code spans; all other characters escaped. */
    public static String html(String text) {
        StringBuilder out = new StringBuilder("<div class=\"tripletlab-prose\">\n");
        boolean inList = false;
        StringBuilder paragraph = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            boolean item = line.startsWith("- ");
            if (item || line.isBlank()) {
                flush(paragraph, out);
            }
            if (item && !inList) {
                out.append("<ul>\n");
                inList = true;
            } else if (!item && inList) {
                out.append("</ul>\n");
                inList = false;
            }
            if (item) {
                out.append("<li>").append(inline(line.substring(2))).append("</li>\n");
            } else if (!line.isBlank()) {
                paragraph.append(paragraph.length() > 0 ? " " : "").append(line.strip());
            }
        }
        flush(paragraph, out);
        if (inList) {
            out.append("</ul>\n");
        }
        return out.append("</div>").toString();
    }

    private static void flush(StringBuilder paragraph, StringBuilder out) {
        if (paragraph.length() > 0) {
            out.append("<p>").append(inline(paragraph.toString())).append("</p>\n");
            paragraph.setLength(0);
        }
    }

    /** Escapes the text, then turns {@code **…**} into bold and {@code `…`} into code (markers only in pairs). */
    static String inline(String s) {
        String escaped = HtmlTable.escape(s);
        return escaped.replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>").replaceAll("`([^`]+)`", "<code>$1</code>");
    }
}
