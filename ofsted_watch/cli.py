"""The `ofsted-watch` command line.

Each command parses its options, builds Settings and hands over to the module that owns the work.
Imports are lazy on purpose: `extract`, `eval`, `sql`, `export` and `stats` must not pay for Prefect or GX start-up.
Exit codes: 0 ok, 1 some documents failed (and were recorded), 2 nothing could be done.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from common.authorities import EXTRA_REFERENCE_ENV
from common.config import Settings, load_settings

app = typer.Typer(
    help="Watch Ofsted's publications about local authority children's services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Path | None, typer.Option("--db", help="DuckDB file (default: ofsted-watch.duckdb in OFSTED_WATCH_HOME).")
]
HomeOption = Annotated[
    Path | None, typer.Option("--home", help="Data directory (default: OFSTED_WATCH_HOME or ./data).")
]
SnapshotOption = Annotated[
    bool,
    typer.Option(
        "--snapshot",
        help="Read the snapshot the last run published (OFSTED_WATCH_PUBLISHED_DIR), not the warehouse. Without "
        "it the snapshot is read only while the warehouse is busy, and stderr says so.",
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option("--source", help="Reports site base URL or a local folder (default: OFSTED_WATCH_SOURCE)."),
]


def _settings(home: Path | None, db: Path | None, **overrides: Any) -> Settings:
    extra_reference = os.environ.get(EXTRA_REFERENCE_ENV)
    if extra_reference and not Path(extra_reference).is_file():
        typer.echo(f"ofsted-watch: {EXTRA_REFERENCE_ENV} names {extra_reference}, which is not a file", err=True)
        raise typer.Exit(2)
    try:
        return load_settings(home=home, db=db, **overrides)
    except ValueError as error:
        typer.echo(f"ofsted-watch: {error}", err=True)
        raise typer.Exit(2) from None


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Documents to read (PDF, text or HTML).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input, one per line.")] = False,
) -> None:
    """Classify documents and extract their judgements, one record each."""
    from ofsted_watch.commands.extract import run_extract

    raise typer.Exit(run_extract(paths, as_json=as_json))


@app.command("eval")
def evaluate(
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder holding the documents of the key.")],
    answers: Annotated[Path, typer.Option("--answers", help="CSV answer key (columns of answers.csv).")],
    min_accuracy: Annotated[
        float, typer.Option("--min-accuracy", help="Exit 1 when any field scores below this.")
    ] = 0.0,
    improvements: Annotated[
        Path | None,
        typer.Option("--improvements", help="Also score the improvements against this key (improvements.csv)."),
    ] = None,
    errata: Annotated[
        Path | None,
        typer.Option("--errata", help="CSV of key cells the documents contradict: scored as corrected."),
    ] = None,
    national_framework: Annotated[
        Path | None,
        typer.Option(
            "--national-framework",
            help="Also score each improvement's National Framework code against this key (national_framework.csv).",
        ),
    ] = None,
    letters: Annotated[
        Path | None,
        typer.Option("--letters", help="Also score the letters in this folder (focused visits, JTAIs, area SEND)."),
    ] = None,
    letters_answers: Annotated[
        Path | None,
        typer.Option("--letters-answers", help="The letters' key (columns of letters.csv; default DIR/letters.csv)."),
    ] = None,
) -> None:
    """Score extraction against a verified answer key: per-field accuracy and every mismatch."""
    from ofsted_watch.evaluate import LettersKey, run_eval

    letters_key = LettersKey(letters, letters_answers or letters / "letters.csv") if letters else None
    raise typer.Exit(run_eval(corpus, answers, min_accuracy, improvements, errata, national_framework, letters_key))


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A read-only SQL query.")],
    output_format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    snapshot: SnapshotOption = False,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Run a read-only SQL query against the warehouse (its published snapshot while a run writes it)."""
    from ofsted_watch.commands.query import run_sql

    raise typer.Exit(run_sql(_settings(home, db), query, output_format, snapshot))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words and "quoted phrases", all required.')],
    la: Annotated[str | None, typer.Option("--la", help="Only this LA: its three-digit code or its name.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Only LAs of this region.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only documents of this kind.")] = None,
    area: Annotated[str | None, typer.Option("--area", help="Only passages about this judgement area.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Inspections ending on or after, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Inspections ending on or before, YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to print; 0 prints every match.")] = 20,
    documents: Annotated[bool, typer.Option("--documents", help="One row per document: its best passage.")] = False,
    output_format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    wide: Annotated[
        bool, typer.Option("--wide", help="A table of every column (the default fits the terminal).")
    ] = False,
    snapshot: SnapshotOption = False,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Search every passage of every report and letter, best first (BM25): docs/search.md."""
    from ofsted_watch.commands.search import filters_of, run_search

    if limit < 0:
        raise typer.BadParameter("0 (every match) or more", param_hint="--limit")
    try:
        filters = filters_of(la, region, kind, area, _day(since), _day(until))
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    settings = _settings(home, db)
    raise typer.Exit(
        run_search(
            settings,
            query,
            filters,
            limit=limit,
            documents=documents,
            output_format=output_format,
            snapshot=snapshot,
            wide=wide,
        )
    )


@app.command()
def export(
    parquet: Annotated[Path, typer.Option("--parquet", help="Folder to write one Parquet file per table.")],
    snapshot: SnapshotOption = False,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Write every table and view as Parquet."""
    from ofsted_watch.commands.query import run_export

    raise typer.Exit(run_export(_settings(home, db), parquet, snapshot))


@app.command()
def stats(
    cycle: Annotated[
        bool, typer.Option("--cycle", help="How often ILACS re-inspections fell inside the window the rules set.")
    ] = False,
    as_at: Annotated[str | None, typer.Option("--as-at", help="The national picture on this day, YYYY-MM-DD.")] = None,
    themes: Annotated[
        bool, typer.Option("--themes", help="How often each theme of improvement was asked, by year and region.")
    ] = False,
    region: Annotated[str | None, typer.Option("--region", help="With --themes: England and this region only.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="With --themes: events from this date, YYYY-MM-DD.")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    snapshot: SnapshotOption = False,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Print figures from the warehouse, one topic a run: the inspection cycle measured on the history, the
    national picture on a day, or the themes of what councils are asked to improve."""
    from ofsted_watch.commands.stats import run_stats

    day, first_day = _day(as_at), _day(since)
    if [cycle, day is not None, themes].count(True) != 1:
        raise typer.BadParameter("give one of --cycle, --as-at DATE or --themes")
    if not themes and (region is not None or first_day is not None):
        raise typer.BadParameter("--region and --since go with --themes")
    settings = _settings(home, db)
    raise typer.Exit(
        run_stats(
            settings,
            cycle=cycle,
            as_at=day,
            themes=themes,
            region=region,
            since=first_day,
            output_format=output_format,
            snapshot=snapshot,
        )
    )


@app.command()
def check(
    la: Annotated[list[str] | None, typer.Option("--la", help="Only this LA (three-digit code); repeatable.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """List where documents disagree with each other or with the warehouse's record, one finding a row
    (docs/checks.md). Prints nothing and exits 0 when every check holds; exits 1 when it lists findings."""
    from ofsted_watch.commands.check import run_check

    raise typer.Exit(run_check(_settings(home, db), la or [], output_format))


@app.command()
def backfill(
    source: SourceOption = None,
    since: Annotated[str | None, typer.Option("--since", help="First publication date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last publication date, YYYY-MM-DD.")] = None,
    la: Annotated[list[str] | None, typer.Option("--la", help="Only this LA (three-digit code); repeatable.")] = None,
    alerts: Annotated[
        bool, typer.Option("--alerts", help="Also send same-day alerts of what it loads (a poll always does).")
    ] = False,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Ingest every publication from the reports site or a folder (a date range and LAs optional)."""
    from ofsted_watch.commands.ingest import run_backfill

    settings = _settings(home, db, source=source)
    raise typer.Exit(run_backfill(settings, _day(since), _day(until), la or [], alerts))


@app.command()
def reprocess(
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="Only documents last read as this kind; repeatable.")
    ] = None,
    la: Annotated[list[str] | None, typer.Option("--la", help="Only this LA (three-digit code); repeatable.")] = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Re-read documents already held (from the raw store, nothing downloaded) that the current extractor has not
    read: new record versions, never new document versions."""
    from common.record import KINDS
    from ofsted_watch.commands.ingest import run_reprocess

    unknown = sorted(set(kind or []) - set(KINDS))
    if unknown:
        raise typer.BadParameter(f"{', '.join(unknown)}: not a kind (known: {', '.join(KINDS)})", param_hint="--kind")
    raise typer.Exit(run_reprocess(_settings(home, db), kind or [], la or []))


@app.command()
def poll(source: SourceOption = None, db: DbOption = None, home: HomeOption = None) -> None:
    """Find, fetch and ingest what the reports site published since the last run."""
    from ofsted_watch.commands.ingest import run_poll

    raise typer.Exit(run_poll(_settings(home, db, source=source)))


@app.command()
def digest(
    week: Annotated[str | None, typer.Option("--week", help="ISO week, e.g. 2026-W47.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="First publication date.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last publication date.")] = None,
    send: Annotated[bool, typer.Option("--send", help="Also deliver by SMTP.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Send again to recipients already sent.")] = False,
    outbox: Annotated[Path | None, typer.Option("--outbox", help="Where .html and .eml go.")] = None,
    to: Annotated[list[str] | None, typer.Option("--to", help="Send only to this address (all England).")] = None,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Render the weekly digest of changed judgements and deteriorations; optionally send it."""
    from ofsted_watch.commands.digest import run_digest

    settings = _settings(home, db, outbox=outbox)
    raise typer.Exit(
        run_digest(settings, week=week, since=_day(since), until=_day(until), send=send, force=force, to=to or [])
    )


@app.command()
def alerts(
    since: Annotated[str | None, typer.Option("--since", help="First publication date (default: 6 days ago).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last publication date (default: today).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be sent; send nothing.")] = False,
    to: Annotated[
        str | None, typer.Option("--to", help="Only this subscriber (its name or email in the subscribers file).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Send again what was already sent.")] = False,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Send (or show) the same-day alerts of the documents published in a period, each at most once."""
    from ofsted_watch.commands.alerts import run_alerts

    raise typer.Exit(
        run_alerts(_settings(home, db), since=_day(since), until=_day(until), dry_run=dry_run, to=to, force=force)
    )


@app.command()
def site(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to build into (default: OFSTED_WATCH_SITE_DIR or site/ in home)."),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Address the site is published at (absolute links in the feed).")
    ] = None,
    serve_site: Annotated[bool, typer.Option("--serve", help="Then serve it on 127.0.0.1 until interrupted.")] = False,
    port: Annotated[int, typer.Option("--port", help="Port for --serve (0: any free port).")] = 8000,
    full: Annotated[
        bool,
        typer.Option("--full", help="Render every page and index every shard again (by default, only what changed)."),
    ] = False,
    db: DbOption = None,
    home: HomeOption = None,
) -> None:
    """Build the public website and its downloads from the warehouse (optionally serve it on 127.0.0.1).

    While another process writes the warehouse, it reads the snapshot the last run published and says so."""
    from ofsted_watch.commands.site import run_site

    settings = _settings(home, db, site_dir=out, site_base_url=base_url)
    raise typer.Exit(run_site(settings, serve_site, port, full))


@app.command()
def serve(db: DbOption = None, home: HomeOption = None) -> None:
    """Serve the poll (daily 07:00), digest (Mondays 08:00) and re-check (Sundays 06:00) deployments, Europe/London."""
    from ofsted_watch.commands.ingest import run_serve

    raise typer.Exit(run_serve(_settings(home, db)))


@app.command()
def demo(home: HomeOption = None) -> None:
    """Offline demo: a sample site on 127.0.0.1, backfill, poll, digest, example queries."""
    from ofsted_watch.commands.ingest import run_demo

    raise typer.Exit(run_demo(_settings(home, None)))


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(2)


if __name__ == "__main__":
    main()
