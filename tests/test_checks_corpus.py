"""Letters are never lost, and documents check each other (docs/checks.md): synthetic letters to a real LA,
loaded through a folder backfill into the real corpus's warehouse, against the real reports it holds.

Bradford (380) in the corpus: ILACS inadequate, 17 to 28 September 2018, and again 21 November to 2 December 2022.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from pipeline_helpers import CLI, REPO, CorpusWarehouse, cli_environment

from common.config import load_settings
from ofsted_watch.commands.check import run_check
from reports.digest import digest_for
from reports.model import Period
from reports.render import render_text
from samples.councils import addressed_to
from samples.documents import SampleDocument, monitoring_visit_letter
from samples.webhook import Webhook

pytestmark = [pytest.mark.corpus, pytest.mark.prefect]

D = date.fromisoformat
BRADFORD = "380"
SEPTEMBER_2018 = D("2018-09-01")


def _letter(start: str, **params: object) -> SampleDocument:
    """A monitoring letter to Bradford on a two-day visit from `start`, its letter four weeks later."""
    first = D(start)
    period = (first, first.replace(day=first.day + 1))
    letter_date = date.fromordinal(first.toordinal() + 28)
    defaults: dict[str, object] = {"number": 1, "progress": "sufficient", "prior_judgement_month": SEPTEMBER_2018}
    return monitoring_visit_letter(addressed_to(BRADFORD), [period], letter_date=letter_date, **{**defaults, **params})  # type: ignore[arg-type]


# The letters, by file name: what each tests.
LETTERS = {
    # findings in prose, no verdict sentence: loads, verdict empty; the prior judgement agrees (no finding)
    "prose.pdf": _letter("2019-03-05", number=1, progress=None),
    # numbered third, but the second visit since September 2018 by date; its prior judgement, date first, agrees
    "third.pdf": _letter("2019-07-09", number=3, prior_wording="date_first"),
    # says requires improvement in December 2022; the warehouse holds inadequate, 21 November to 2 December 2022
    "disagrees.pdf": _letter(
        "2023-03-07", number=1, prior_wording="rated", prior_judgement="requires_improvement",
        prior_judgement_month=D("2022-12-01"),
    ),
    # states no prior judgement: filled from the warehouse
    "silent.pdf": _letter("2023-06-13", number=2, prior_wording="none"),
    # dated in the future: must stay quarantined, and is news all the same
    "future.pdf": _letter("2031-01-07", number=3),
}  # fmt: skip


@dataclass(frozen=True)
class Loaded:
    home: Path
    db: Path
    code: int
    letters: dict[str, str]  # file name -> document_id
    hook: Webhook


@pytest.fixture(scope="module")
def loaded(corpus_warehouse: CorpusWarehouse, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    """The corpus warehouse, then the letters backfilled from a folder with alerts, to a subscriber of Bradford's
    visits and one who only wants to hear of inadequate judgements there."""
    from ofsted_watch.commands.ingest import run_backfill

    home = tmp_path_factory.mktemp("checks-home")
    db = corpus_warehouse.copy_to(home)
    folder = tmp_path_factory.mktemp("letters")
    for name, letter in LETTERS.items():
        (folder / name).write_bytes(letter.to_pdf())
    with Webhook() as hook, pytest.MonkeyPatch.context() as patch:
        subscribers = home / "subscribers.toml"
        subscribers.write_text(
            f'[[subscriber]]\nname = "Bradford watcher"\nla_codes = ["{BRADFORD}"]\nalerts = ["all"]\n'
            f'notify = ["{hook.url("all")}"]\n\n'
            f'[[subscriber]]\nname = "Inadequate only"\nla_codes = ["{BRADFORD}"]\nalerts = ["inadequate"]\n'
            f'notify = ["{hook.url("inadequate")}"]\n',
            encoding="utf-8",
        )
        patch.setenv("OFSTED_WATCH_SUBSCRIBERS", str(subscribers))
        settings = load_settings(home=home, source=str(folder))
        code = run_backfill(settings, None, None, [], alerts=True)
        yield Loaded(home, db, code, {name: str(folder / name) for name in LETTERS}, hook)


def _rows(db: Path, sql: str, parameters: list[object] | None = None) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()


def _event(loaded: Loaded, name: str) -> tuple[object, ...]:
    (row,) = _rows(
        loaded.db,
        "SELECT kind, visit_number, visit_progress, prior_judgement, prior_judgement_date, prior_judgement_source "
        "FROM events WHERE document_id = ?",
        [loaded.letters[name]],
    )
    return row


def _findings(loaded: Loaded) -> list[tuple[object, ...]]:
    letters = list(loaded.letters.values())
    return _rows(
        loaded.db,
        "SELECT file, la_code, rule, detail FROM findings WHERE document_id IN (SELECT unnest(?)) ORDER BY file",
        [letters],
    )


def test_every_letter_that_can_be_placed_loads_and_only_the_future_one_is_quarantined(loaded: Loaded) -> None:
    assert loaded.code == 1  # a document was quarantined: recorded, and said so
    statuses: dict[object, object] = dict(
        _rows(loaded.db, "SELECT document_id, status FROM documents WHERE document_id IN (SELECT unnest(?))",
              [list(loaded.letters.values())])
    )  # fmt: skip
    assert {name: statuses[path] for name, path in loaded.letters.items()} == {
        "prose.pdf": "loaded",
        "third.pdf": "loaded",
        "disagrees.pdf": "loaded",
        "silent.pdf": "loaded",
        "future.pdf": "quarantined",
    }


def test_a_letter_with_no_verdict_sentence_is_an_event_with_the_verdict_empty(loaded: Loaded) -> None:
    assert _event(loaded, "prose.pdf") == ("monitoring_visit", 1, None, "inadequate", SEPTEMBER_2018, "letter")
    (record,) = _rows(
        loaded.db, "SELECT record FROM document_versions WHERE document_id = ?", [loaded.letters["prose.pdf"]]
    )
    assert json.loads(str(record[0]))["warnings"] == ["visit_progress: no monitoring visit verdict found"]


def test_agreeing_prior_judgements_give_no_finding_and_a_disagreeing_one_names_both_values(loaded: Loaded) -> None:
    assert _event(loaded, "disagrees.pdf")[3:] == ("requires_improvement", D("2022-12-01"), "letter")  # kept
    assert _findings(loaded) == [
        (
            "disagrees.pdf",
            BRADFORD,
            "prior_judgement_disagrees",
            "the letter says requires improvement (December 2022); the warehouse holds inadequate (inspection "
            "2022-11-21 to 2022-12-02, children's services inspection - 31 january 2023.pdf)",
        ),
        (
            "third.pdf",
            BRADFORD,
            "visit_number_order",
            "numbered 3, but it is monitoring visit 2 since the inadequate judgement ending 2018-09-28 by date",
        ),
    ]


def test_a_letter_stating_no_prior_judgement_takes_the_warehouses_with_its_source(loaded: Loaded) -> None:
    assert _event(loaded, "silent.pdf") == ("monitoring_visit", 2, "sufficient", "inadequate", D("2022-12-02"),
                                            "warehouse")  # fmt: skip


def test_the_verdictless_letter_reaches_the_digest_and_the_site(loaded: Loaded) -> None:
    today = date.today()  # a folder's documents count as published the day they were first seen
    text = render_text_digest(loaded.db, today)
    assert "Monitoring visit 1 ending 6 March 2019\n" in text
    assert "Verdict: Not stated\n  Document: prose\n" in text
    assert "2 documents disagree with our records" in text
    site = loaded.home / "site"
    html = (site / "la" / "bradford.html").read_text(encoding="utf-8")
    assert 'Verdict: <strong class="ink">not stated</strong> in the letter' in html
    assert "(from our records: the letter does not say)" in html
    assert "in the future (rule date_in_range)" in html  # the quarantined letter is listed on its LA's page, with why
    problems = (site / "downloads" / "problems.csv").read_text(encoding="utf-8")
    assert "disagrees with our records" in problems and "rule visit_number_order" in problems


def render_text_digest(db: Path, day: date) -> str:
    return render_text(digest_for(db, Period(day, day)))


def test_alerts_reach_the_lAs_subscribers_for_the_verdictless_letter_and_the_unread_one(loaded: Loaded) -> None:
    by_path: dict[str, list[str]] = {}
    for post in loaded.hook.posts:
        by_path.setdefault(post.path, []).append(json.dumps(post.body))
    everything = "\n".join(by_path["/all"])
    assert "Bradford: monitoring visit 1, verdict not stated" in everything
    assert "Bradford: Ofsted published a document that could not be read, future" in everything
    # A subscriber to inadequate judgements only still hears of a document nobody could read.
    (inadequate,) = by_path["/inadequate"]
    assert "could not be read, future" in inadequate and "verdict not stated" not in inadequate


def test_check_lists_the_findings_and_is_silent_and_fast_on_the_corpus(
    loaded: Loaded, corpus_warehouse: CorpusWarehouse, tmp_path: Path
) -> None:
    found = _check(loaded.home, "--format", "csv")
    assert found.returncode == 1
    lines = found.stdout.splitlines()
    assert lines[0] == "document_id,file,la_code,rule,detail"
    assert [line.split(",")[1] for line in lines[1:]] == ["disagrees.pdf", "third.pdf"]
    assert _check(loaded.home, "--la", "999").stdout == ""

    corpus_home = tmp_path / "corpus"
    corpus_home.mkdir()
    corpus_warehouse.copy_to(corpus_home)
    clean = _check(corpus_home)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")
    # The command's own work, timed in this process: a new process's start-up on a loaded machine is not its own.
    clock = time.monotonic()
    assert run_check(load_settings(home=corpus_home)) == 0
    seconds = time.monotonic() - clock
    assert seconds < 2.0, f"check took {seconds:.2f} s on the corpus"


def _check(home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "check", *arguments], env=cli_environment(home), cwd=REPO, capture_output=True, text=True, timeout=60
    )
