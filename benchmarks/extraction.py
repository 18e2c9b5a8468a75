"""Extraction throughput on the corpus beside the raw text speed of the PDF library on the same files."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import Measurement, measure


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.pdf"))


def raw_library_text(paths: list[Path]) -> dict[str, float]:
    """What pypdfium2 alone costs: open each file and read every page's text, nothing else."""
    import pypdfium2 as pdfium

    documents = pages = 0
    for path in paths:
        try:
            pdf = pdfium.PdfDocument(path.read_bytes())
        except pdfium.PdfiumError:
            continue
        for index in range(len(pdf)):
            pdf[index].get_textpage().get_text_range()
            pages += 1
        documents += 1
        pdf.close()
    return {"documents": documents, "pages": pages}


def our_extraction(paths: list[Path]) -> dict[str, float]:
    from tasks.extract import extract_document

    documents = pages = 0
    for path in paths:
        record = extract_document(path.read_bytes(), str(path))
        documents += 1
        pages += record.page_count
    return {"documents": documents, "pages": pages}


def run(corpus: Path, runs: int) -> list[Measurement]:
    paths = corpus_files(corpus)
    return [
        measure("pypdfium2 raw text (1 core)", raw_library_text, paths, runs=runs),
        measure("ofsted-watch extraction (1 core)", our_extraction, paths, runs=runs),
    ]
