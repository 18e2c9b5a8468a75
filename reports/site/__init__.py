"""The public website and its downloads, rebuilt from the warehouse after every poll (`ofsted-watch site`).

- `load.py` reads the warehouse (through warehouse/site_queries.py) into the model of `model.py`;
- `render.py` writes the pages (templates/), the Atom feed (`feed.py`), the downloads (`downloads.py`), the
  hex map (`hexmap.py`, layout in data/) and each LA's grade chart (`chart.py`), with the assets of static/;
- `build.py` builds beside the live folder and swaps it in (`publish.py`); `serve.py` shows it on 127.0.0.1.
"""
