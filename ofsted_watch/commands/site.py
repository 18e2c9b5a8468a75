"""`ofsted-watch site`: build the public website from the warehouse, and serve it on 127.0.0.1 for a look.

No Prefect, no Great Expectations: the build reads the warehouse read-only and takes about a second.
"""

from __future__ import annotations

import sys
from pathlib import Path

from common.config import Settings

EXIT_OK, EXIT_NOTHING_DONE = 0, 2


def run_site(settings: Settings, serve: bool, port: int, full: bool = False) -> int:
    import duckdb

    from reports.site.build import build_site
    from warehouse.db import WarehouseMissing
    from warehouse.reading import SnapshotMissing

    try:
        built = build_site(
            settings.db_path, settings.snapshot_path, settings.site_path, settings.site_base_url, full=full
        )
    except (WarehouseMissing, SnapshotMissing, duckdb.Error, OSError) as error:
        print(f"site: {error}", file=sys.stderr)
        return EXIT_NOTHING_DONE
    if built.note:
        print(f"site: {built.note}", file=sys.stderr)
    print(
        f"Site built from {built.documents} documents in {built.seconds:.1f} s: {built.pages} pages "
        f"({built.pages_rendered} rendered, the others unchanged), {built.total_bytes / 1_000_000:.1f} MB; "
        f"search index: {built.search_shards_indexed} of "
        f"{built.search_shards} shards indexed, the others unchanged"
    )
    print(f"Open {built.path / 'index.html'}")
    if serve:
        return _serve(built.path, port)
    return EXIT_OK


def _serve(folder: Path, port: int) -> int:
    from reports.site.serve import site_server, url_of

    try:
        server = site_server(folder, port, quiet=False)
    except OSError as error:
        print(f"site: cannot serve on 127.0.0.1:{port}: {error.strerror or error}", file=sys.stderr)
        return EXIT_NOTHING_DONE
    print(f"Serving {url_of(server)} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK
