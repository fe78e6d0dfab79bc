package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The few Markdown forms the notebook helpers write become HTML; everything else is escaped. */
class ProseTest {
    @Test
    void paragraphsListsBoldAndCodeBecomeHtmlAndMarkupIsEscaped() {
        String html = Prose.html("Intro with `x<y`\ncontinued.\n\n- **semi-hard**: 81 %\n- a & b\n\nEnd.");
        assertEquals("<div class=\"tripletlab-prose\">\n<p>Intro with <code>x&lt;y</code> continued.</p>\n"
                + "<ul>\n<li><b>semi-hard</b>: 81 %</li>\n<li>a &amp; b</li>\n</ul>\n<p>End.</p>\n</div>", html);
    }

    @Test
    void aLoneMarkerStaysAsWritten() {
        assertEquals("<div class=\"tripletlab-prose\">\n<p>2 ** 3 and a `</p>\n</div>", Prose.html("2 ** 3 and a `"));
    }
}
