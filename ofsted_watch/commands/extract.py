"""`ofsted-watch extract`: one record per input, as JSON lines or a readable summary."""

from __future__ import annotations

import json
from pathlib import Path

from common.record import Record


def run_extract(paths: list[Path], *, as_json: bool) -> int:
    from tasks.extract import extract_path

    readable = 0
    for path in paths:
        record = extract_path(path)
        readable += not any(w.startswith("document:") for w in record.warnings)
        print(json.dumps(record.to_json_dict(), ensure_ascii=False) if as_json else _summary(record))
    return 0 if readable or not paths else 2


def _summary(record: Record) -> str:
    la = record.local_authority.name if record.local_authority else "?"
    grades = ", ".join(f"{area}={grade}" for area, grade in record.judgements.items())
    lines = [
        f"{record.file}",
        f"  {record.kind} · {la} · {record.inspection_start} to {record.inspection_end} · lead {record.lead_inspector}",
        f"  overall {record.overall} {('· ' + grades) if grades else ''}",
    ]
    lines += [f"  warning: {warning}" for warning in record.warnings]
    return "\n".join(lines)
