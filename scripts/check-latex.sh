#!/usr/bin/env bash
# Compiles every committed study's LaTeX report (results/*/report.tex, a standalone document written by
# `tripletlab report ... --format latex --standalone`, the command in the study's README) with pdflatex in a
# temporary folder, and fails on any LaTeX error or on an overfull box wider than 1 pt: a table that runs off the
# page is not paper-ready. That the committed files are what the documented commands write is checked by
# StudyLatexReportsTest (mvn test); this script needs only pdflatex and booktabs (Debian: texlive-latex-base,
# texlive-latex-recommended).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0
checked=0
for tex in results/*/report.tex; do
  [[ -f "$tex" ]] || continue
  study="$(basename "$(dirname "$tex")")"
  mkdir -p "$tmp/$study"
  cp "$tex" "$tmp/$study/report.tex"
  checked=$((checked + 1))
  if ! (cd "$tmp/$study" && pdflatex -interaction=nonstopmode -halt-on-error report.tex >/dev/null 2>&1); then
    echo "check-latex: $tex does not compile:" >&2
    grep -A3 '^!' "$tmp/$study/report.log" >&2 || tail -20 "$tmp/$study/report.log" >&2
    failed=1
    continue
  fi
  worst="$(grep -o 'Overfull \\hbox ([0-9.]*pt too wide)' "$tmp/$study/report.log" | grep -o '[0-9.]*pt' | tr -d pt | sort -g | tail -1 || true)"
  pages="$(grep -o 'Output written on report.pdf ([0-9]* page' "$tmp/$study/report.log" | grep -o '[0-9]* page' || true)"
  if [[ -n "$worst" ]] && awk -v w="$worst" 'BEGIN { exit !(w > 1) }'; then
    echo "check-latex: $tex: overfull box ${worst} pt too wide (at most 1 pt allowed):" >&2
    grep -A2 'Overfull \\hbox' "$tmp/$study/report.log" | head -20 >&2
    failed=1
  else
    echo "check-latex: $tex compiles, ${pages:-? page}s, widest overfull box: ${worst:-none}"
  fi
done
if [[ "$checked" -eq 0 ]]; then
  echo "check-latex: no results/*/report.tex found" >&2
  exit 1
fi
exit "$failed"
