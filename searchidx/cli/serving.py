"""The command that serves the index to a web browser: serve."""

from __future__ import annotations

import click

from .group import cli
from .options import index_options


@cli.command()
@index_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this computer only; 0.0.0.0 shares it on purpose.")
@click.option("--port", type=click.IntRange(1, 65535), default=8008, show_default=True)
@click.option("--queries", "queries_file", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Saved-query YAML file to list and run in the browser.")
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True,
              help="Searches answered at once (each keeps an open searcher).")
def serve(settings, host, port, queries_file, workers):
    """Search and browse the index in a web browser, with a JSON API (read-only; needs searchidx[web]).

    \b
    searchidx serve --queries config/queries.example.yaml    then open http://127.0.0.1:8008/
    """
    from ..web import serve as run_server

    run_server(settings, host, port, queries_file, workers)
