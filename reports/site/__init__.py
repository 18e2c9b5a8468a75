"""The public website and its downloads, rebuilt from the warehouse after every poll (`ofsted-watch site`).

- `load.py` reads the warehouse (through warehouse/site_queries.py and context_queries.py, and the digest's own
  load_digest and national_picture) into the model of `model.py`;
- `render.py` writes the pages (templates/, in the environment of reports/templating.py), the Atom feed
  (`feed.py`), the downloads (`downloads.py`), the hex map (`hexmap.py`, layout in data/) and the charts
  (`chart.py`: each LA's grades, the share good or outstanding over time), with the assets of static/;
- `build.py` builds beside the live folder and swaps it in (`publish.py`); `serve.py` shows it on 127.0.0.1.
"""
