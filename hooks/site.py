"""MkDocs adapter: runs the knowledge engine on MkDocs events. All logic lives in ``knowledge``.

Event order matters: content is checked in ``on_pre_build``, before MkDocs empties
``site/``, so a bad record stops the build while the previous site is still intact.
"""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

sys.path.insert(0, str(Path(__file__).parent))  # the engine package sits beside this file

from knowledge import ContentError, Site, build_site
from knowledge.assets import vendored_scripts

log = logging.getLogger("mkdocs.hooks.knowledge")
_state: dict[str, Site | Path] = {}


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Serve Mermaid from the site itself when the pinned npm package is installed."""
    root = _project_root(config)
    _state["root"] = root
    for uri in vendored_scripts(root):
        if uri not in config.extra_javascript:
            config.extra_javascript.insert(0, uri)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Load, validate and link every record; abort with every problem listed."""
    root = _state.get("root") or _project_root(config)
    try:
        site = build_site(root / "content", root)
    except ContentError as error:
        raise PluginError("content errors, the site was not built:\n" + error.report()) from None
    for warning in site.warnings:
        log.info(warning.format())
    _state["site"] = site


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page, JSON export, schema and vendored script to the build."""
    site = _state["site"]
    assert isinstance(site, Site)
    root = _state["root"]
    assert isinstance(root, Path)
    for page in site.pages(directory_urls=config.use_directory_urls, today=date.today()):
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.uri, content=page.content, inclusion=inclusion)
        file.edit_uri = f"../{page.edit_path}" if page.edit_path else None
        _replace(files, file)
    for uri, content in site.api_files(directory_urls=config.use_directory_urls).items():
        _replace(files, File.generated(config, uri, content=content))
    for uri, path in vendored_scripts(root).items():
        _replace(files, File.generated(config, uri, abs_src_path=str(path)))
    return files


def _replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)
