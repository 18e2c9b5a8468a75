"""`make bench`: run every benchmark and write BENCHMARKS.md with the machine, the date and medians."""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks import extraction
from benchmarks.harness import Measurement, machine, today


def _extraction_section(results: list[Measurement]) -> list[str]:
    raw, ours = results
    ratio = ours.rate("pages") / raw.rate("pages") if raw.rate("pages") else 0.0
    return [
        "## Extraction (issue 3)",
        "",
        "| measurement | documents/s | pages/s | wall s (median) | peak MB |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {m.name} | {m.rate('documents'):.1f} | {m.rate('pages'):.0f} | {m.seconds:.2f} | {m.peak_mb:.0f} |"
            for m in results
        ),
        "",
        f"Our extraction runs at **{ratio:.0%}** of the raw library's page rate (target: at least 50%).",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    if not corpus.is_dir():
        raise SystemExit(f"bench: no corpus at {corpus}")
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}  ",
        f"Date: {today()}; each figure is the median of {args.runs} runs in fresh processes.",
        f"Corpus: {len(extraction.corpus_files(corpus))} PDF files from {corpus}.",
        "",
    ]
    lines += _extraction_section(extraction.run(corpus, args.runs))
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
