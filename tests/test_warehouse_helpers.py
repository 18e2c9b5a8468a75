"""Builders shared by the warehouse tests: records of real LAs, document metadata, a loaded history."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from common.authorities import EXTRA_REFERENCE_ENV, authority_index
from common.record import LocalAuthorityRef, Record, Visit
from samples.councils import SAMPLE_REFERENCE_CSV
from tasks.load import DocumentMeta, LoadResult, load_document
from warehouse.db import MIGRATIONS_DIR, connect


def la(code: str) -> LocalAuthorityRef:
    """The reference's LA, or a made-up one for codes outside it (to test the `la_known` rule)."""
    known = authority_index().by_code.get(code)
    return known.ref if known else LocalAuthorityRef(name=f"Nowhere {code}", la_code=code)


# ILACS inspections from this day grade care leavers apart from children in care.
SEPARATE_CARE_LEAVERS_FROM = date(2023, 1, 1)


def ilacs_combined(start: date, areas: dict[str, str]) -> dict[str, list[str]]:
    """What the extractor records beside an ILACS grid: before 2023 `in_care` is the grade of children in care
    and care leavers, judged as one area."""
    if start < SEPARATE_CARE_LEAVERS_FROM and "in_care" in areas and "care_leavers" not in areas:
        return {"in_care": ["care_leavers"]}
    return {}


def ilacs_framework(overall: str | None, combined: dict[str, list[str]]) -> str:
    """The framework the extractor reads from such a grid: no overall row since April 2026, one grade for children
    in care and care leavers until 2023."""
    if overall is None:
        return "ilacs_2026"
    return "ilacs_2018" if combined else "ilacs_2023"


def ilacs(code: str, start: date, end: date, overall: str | None, **areas: str) -> Record:
    combined = ilacs_combined(start, areas)
    return Record(
        file=f"{code}-{end}.pdf",
        kind="ilacs_standard",
        local_authority=la(code),
        inspection_start=start,
        inspection_end=end,
        lead_inspector="Ann Example",
        overall=overall,
        judgements=dict(areas),
        improvements=[f"Improve planning for children in {code}."],
        combined_judgements=combined,
        framework=ilacs_framework(overall, combined),
    )


def sif(code: str, start: date, end: date, overall: str, **areas: str) -> Record:
    record = ilacs(code, start, end, overall, **areas)
    record.kind = "sif"
    record.combined_judgements = {}
    record.framework = "sif"
    return record


def visit(code: str, kind: str, end: date, letter: date, **findings: object) -> Record:
    return Record(
        file=f"{code}-{kind}-{end}.pdf",
        kind=kind,
        local_authority=la(code),
        inspection_start=end,
        inspection_end=end,
        letter_date=letter,
        visit=Visit(**findings),  # type: ignore[arg-type]
    )


def meta(document_id: str, content: str = "v1", published: date | None = None) -> DocumentMeta:
    return DocumentMeta(
        document_id=document_id,
        content_hash=f"hash-of-{document_id}-{content}",
        size_bytes=1000 + len(content),
        pages=12,
        fetched_at=datetime(2025, 1, 2, 3, 4, 5),
        published=published,
        site_label="Children's services inspection",
        provider_urn="80478",
    )


def load(con: duckdb.DuckDBPyConnection, document_id: str, record: Record, published: date) -> LoadResult:
    """Load a record known to be valid (the expectation tests cover validation)."""
    return load_document(con, meta(document_id, published=published), record, [])


def version_one_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A warehouse file as version 1 of the schema left it, open for adding old rows."""
    old = duckdb.connect(str(path))
    old.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    old.execute((MIGRATIONS_DIR / "001_schema.sql").read_text())
    old.execute("INSERT INTO schema_version VALUES (1, '001_schema.sql', now())")
    return old


def url(name: str) -> str:
    return f"https://files.example.test/v1/file/{name}"


# A hand-built history: Kirklees (382) across SIF and ILACS with a monitoring visit; Cambridgeshire (873)
# first judged inadequate, then a focused visit with priority actions.
HISTORY = [
    (url("kirklees-sif"), date(2016, 11, 20),
     sif("382", date(2016, 9, 5), date(2016, 9, 29), "requires_improvement",
         help_and_protection="good", looked_after_permanence="requires_improvement", adoption="good",
         care_leavers="good", leadership_management_governance="requires_improvement", lscb="good")),
    (url("kirklees-ilacs-2019"), date(2019, 8, 1),
     ilacs("382", date(2019, 6, 3), date(2019, 6, 14), "inadequate",
           leaders="inadequate", help_and_protection="requires_improvement", in_care="requires_improvement")),
    (url("kirklees-mv-2020"), date(2020, 2, 20),
     visit("382", "monitoring_visit", date(2020, 1, 15), date(2020, 2, 6), number=1, progress="insufficient",
           prior_judgement="inadequate", prior_judgement_date=date(2019, 6, 1))),
    (url("kirklees-ilacs-2022"), date(2022, 9, 1),
     ilacs("382", date(2022, 7, 4), date(2022, 7, 15), "good",
           leaders="good", help_and_protection="good", in_care="requires_improvement", care_leavers="good")),
    (url("cambs-sif"), date(2014, 3, 1),
     sif("873", date(2014, 1, 13), date(2014, 2, 5), "inadequate",
         help_and_protection="inadequate", looked_after_permanence="adequate", adoption="adequate",
         care_leavers="adequate", leadership_management_governance="inadequate")),
    (url("cambs-fv-2019"), date(2019, 12, 2),
     visit("873", "focused_visit", date(2019, 10, 10), date(2019, 11, 4),
           priority_actions=["Strengthen the oversight of children at risk of harm."])),
]  # fmt: skip


def history_file(path: Path) -> Path:
    """A closed warehouse file at `path` holding HISTORY (six events), for tests that open it themselves."""
    connection = connect(path)
    for document_id, published, record in HISTORY:
        load(connection, document_id, record, published)
    connection.close()
    return path


def with_sample_councils(build: Callable[[Path], object], path: Path) -> Iterator[Path]:
    """For a module's fixture: the warehouse file `build(path)` writes, the fictional councils' reference set
    while it builds and until the fixture ends."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(EXTRA_REFERENCE_ENV, str(SAMPLE_REFERENCE_CSV))
        build(path)
        yield path


def own_copy(template: Path, folder: Path) -> Path:
    """A test's own copy of a warehouse file its module built once (closed, so whole on disk): the test may
    write to it, and building the file once costs a module what building it for every test did."""
    target = folder / template.name
    shutil.copyfile(template, target)
    return target


@pytest.fixture(scope="module")
def history_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed warehouse file holding HISTORY, built once a module: tests take their own copy (`own_copy`)."""
    return history_file(tmp_path_factory.mktemp("history") / "ofsted-watch.duckdb")


@pytest.fixture()
def con(tmp_path: Path, empty_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh warehouse file: a copy of the empty one (tests/conftest.py), opened as the code opens it."""
    connection = connect(own_copy(empty_warehouse, tmp_path))
    yield connection
    connection.close()


def load_history(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    for document_id, published, record in HISTORY:
        assert load(con, document_id, record, published).status == "loaded"
    return con


@pytest.fixture()
def history(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The warehouse holding HISTORY."""
    return load_history(con)
