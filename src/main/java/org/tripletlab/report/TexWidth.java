package org.tripletlab.report;

/**
 * The width a cell of a report table takes when typeset by LaTeX at {@code \small} in a 10 pt
 * {@code article} (Computer Modern 9 pt: cmr9, bold cmbx9), so {@link LatexTable} can decide before
 * writing whether a table fits the text width or must be split into parts.
 *
 * <p>The widths are the fonts' own character widths, read from {@code cmr9.tfm} and {@code cmbx9.tfm}
 * with {@code tftopl} (TeX Live 2022), not guesses; kerning and ligatures are left out (they make text
 * a little narrower, so the estimate errs on the wide side). CI compiles the committed reports and fails
 * on any overfull box, which checks these numbers against pdflatex itself.
 */
final class TexWidth {
    /** Widths in pt of the printable ASCII characters {@code !} (33) to {@code ~} (126) in cmr9. */
    private static final double[] ROMAN = {
        2.57, 4.62, 7.71, 4.62, 7.71, 7.19, 2.57, 3.60, 3.60, 4.62, 7.19, 2.57, 3.08, 2.57, 4.62, 4.62, 4.62, 4.62, 4.62, 4.62,
        4.62, 4.62, 4.62, 4.62, 4.62, 2.57, 2.57, 7.19, 7.19, 7.19, 4.37, 7.19, 6.94, 6.55, 6.68, 7.07, 6.29, 6.04, 7.26, 6.94,
        3.34, 4.75, 7.19, 5.78, 8.48, 6.94, 7.19, 6.29, 7.19, 6.81, 5.14, 6.68, 6.94, 6.94, 9.51, 6.94, 6.94, 5.65, 2.57, 4.62,
        2.57, 4.62, 4.62, 2.57, 4.62, 5.14, 4.11, 5.14, 4.11, 2.83, 4.62, 5.14, 2.57, 2.83, 4.88, 2.57, 7.71, 5.14, 4.62, 5.14,
        4.88, 3.62, 3.65, 3.60, 5.14, 4.88, 6.68, 4.88, 4.88, 4.11, 4.62, 2.57, 4.62, 4.62};
    /** The same for cmbx9 (bold). */
    private static final double[] BOLD = {
        3.24, 5.56, 8.87, 5.32, 8.87, 8.28, 2.96, 4.14, 4.14, 5.32, 8.28, 2.96, 3.55, 2.96, 5.32, 5.32, 5.32, 5.32, 5.32, 5.32,
        5.32, 5.32, 5.32, 5.32, 5.32, 2.96, 2.96, 8.28, 8.28, 8.28, 5.03, 8.28, 8.04, 7.57, 7.69, 8.16, 6.99, 6.69, 8.37, 8.32,
        4.02, 5.50, 8.33, 6.40, 10.09, 8.32, 8.00, 7.27, 8.00, 7.98, 5.92, 7.41, 8.18, 8.04, 10.99, 8.04, 8.04, 6.51, 2.96, 5.56,
        2.96, 5.32, 5.32, 2.96, 5.18, 5.92, 4.73, 5.92, 4.89, 3.25, 5.32, 5.92, 2.96, 3.25, 5.62, 2.96, 8.87, 5.92, 5.32, 5.92,
        5.62, 4.39, 4.20, 4.14, 5.92, 5.62, 7.69, 5.62, 5.62, 4.73, 5.32, 2.96, 5.32, 5.32};
    private static final double SPACE_ROMAN = 3.08;
    private static final double SPACE_BOLD = 3.55;
    /** Characters with no glyph of their own in the text font (typeset in math or as a rule; see {@link TableText#texEscape}). */
    private static final String WIDE = "±×<>≤≥→Δ√—%&#";

    private TexWidth() {
    }

    /** Width in pt of {@code text} (unescaped, as in the report's tables) set in cmr9, or cmbx9 when {@code bold}. */
    static double of(String text, boolean bold) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            w += of(text.charAt(i), bold);
        }
        return w;
    }

    private static double of(char c, boolean bold) {
        if (c == ' ') {
            return bold ? SPACE_BOLD : SPACE_ROMAN;
        }
        if (WIDE.indexOf(c) >= 0) {
            return c == '—' ? 9.25 : bold ? 8.3 : 7.71;
        }
        if (c == '_') {
            return 4.62;
        }
        if (c >= 33 && c <= 126) {
            return (bold ? BOLD : ROMAN)[c - 33];
        }
        // ·, –, α and other letters: about the width of a digit
        return c == '·' ? 2.57 : bold ? 5.32 : 4.62;
    }
}
