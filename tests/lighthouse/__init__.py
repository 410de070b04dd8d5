"""Lighthouse on the built site: a gzip static server, the page list, the runner and the scores file (``harness``)."""
