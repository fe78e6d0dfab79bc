package org.tripletlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class HtmlTableTest {
    @Test
    void escapesAllFiveMarkupCharacters() {
        assertEquals("&lt;b&gt;Tom &amp; &quot;Jerry&quot; &#39;x&#39;&lt;/b&gt;", HtmlTable.escape("<b>Tom & \"Jerry\" 'x'</b>"));
        assertEquals("plain – text", HtmlTable.escape("plain – text"));
        assertEquals("", HtmlTable.escape(null));
    }

    @Test
    void rendersHeaderCellsAndCaptionEscapedWithFourDecimals() {
        Table t = Table.create("runs <lfw>", StringColumn.create("miner", "semi-hard", "<hardest>"),
                DoubleColumn.create("rank1", 0.5, 2.0 / 3), IntColumn.create("steps", 10, 20));
        String html = HtmlTable.of(t);
        assertTrue(html.contains("<caption>runs &lt;lfw&gt;</caption>"), html);
        assertTrue(html.contains("<th>miner</th><th>rank1</th><th>steps</th>"), html);
        assertTrue(html.contains("<td>&lt;hardest&gt;</td><td style=\"text-align:right\">0.6667</td><td style=\"text-align:right\">20</td>"), html);
        assertFalse(html.contains("<hardest>"), html);
        assertEquals(2, html.split("<tr><td>", -1).length - 1, "two body rows");
    }

    @Test
    void aValueAndItsErrorStayOnOneLine() {
        Table t = Table.create("t", StringColumn.create("lfw AUC (%)", "73.86 ± 0.09", "**75.42 ± 0.54** · 69.2 active"));
        String html = HtmlTable.of(t);
        assertTrue(html.contains("<td>73.86&nbsp;±&nbsp;0.09</td>"), html);
        assertTrue(html.contains("<td>**75.42&nbsp;±&nbsp;0.54** · 69.2 active</td>"), html);
        assertFalse(html.contains(" ± "), "no breakable space next to ±: " + html);
    }

    @Test
    void missingValuesAreEmptyCells() {
        Table t = Table.create("t", DoubleColumn.create("x", 1.0, Double.NaN));
        assertTrue(HtmlTable.of(t).contains("<td style=\"text-align:right\"></td>"));
    }

    @Test
    void longTablesSayHowManyRowsWereLeftOut() {
        Table t = Table.create("t", IntColumn.create("i", 0, 1, 2, 3, 4, 5, 6));
        String html = HtmlTable.of(t, 3);
        assertEquals(3, html.split("<tr><td", -1).length - 1);
        assertTrue(html.contains("4 more rows not shown (7 in all)"), html);
        assertFalse(HtmlTable.of(t, 7).contains("more rows"));
        assertThrows(IllegalArgumentException.class, () -> HtmlTable.of(t, 0));
    }
}
