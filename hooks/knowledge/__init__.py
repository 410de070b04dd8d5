"""The knowledge engine: YAML records in, validated and cross-linked pages out.

The engine knows nothing about MkDocs; ``hooks/site.py`` adapts it to MkDocs events.
Stages, one module each: ``loader`` → ``validation`` → ``graph`` (and ``decision``) →
``render`` → ``export``; ``pipeline`` runs them in order.
"""

from knowledge.pipeline import ContentError, Site, build_site

__all__ = ["ContentError", "Site", "build_site"]
