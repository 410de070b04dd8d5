"""MkDocs adapter: one small function per MkDocs event, each handing over to ``knowledge.build``.

Content is checked in ``on_pre_build``, before MkDocs writes anything. A full ``build`` or
``gh-deploy`` writes into a staging folder that replaces ``site/`` only once the build succeeded
(``knowledge.staging``); ``--dirty`` previews update their output in place, from the page cache.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

sys.path.insert(0, str(Path(__file__).parent))  # the engine package sits beside this file

from knowledge.build import Build
from knowledge.external_tools import ToolFailed
from knowledge.pipeline import ContentError
from knowledge.render.template_cache import bytecode_cache

log = logging.getLogger("mkdocs.hooks.knowledge")


@dataclass
class State:
    """What the events of one MkDocs run share."""

    command: str | None = None  # set by on_startup; without it (MkDocs as a library) nothing is staged
    dirty: bool = False
    build: Build | None = None
    staged: tuple[MkDocsConfig, str] | None = None  # the config whose site_dir points at the staging folder, and its own


state = State()


def on_startup(command: str, dirty: bool) -> None:
    state.command, state.dirty = command, dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start a build; a staged one writes into the staging folder beside ``site/``."""
    root = Path(config.config_file_path).resolve().parent
    state.build = Build.for_command(root, state.command, dirty=state.dirty, site_dir=Path(config.site_dir))
    if state.build.staged is not None:
        state.staged = config, config.site_dir
        config.site_dir = str(state.build.staged.prepare())
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Check every record before MkDocs writes anything; stop with every problem listed."""
    try:
        _build().check()
    except ContentError as error:
        raise PluginError("content errors, the site was not built:\n" + error.report()) from None
    for warning in _build().warnings:
        log.info(warning)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page, JSON export and schema."""
    try:
        generated_files = _build().generated_files(directory_urls=config.use_directory_urls, site_url=config.site_url or "/")
    except ToolFailed as error:
        raise PluginError(f"the decision flowchart was not drawn: {error}") from None
    for generated in generated_files:
        if (existing := files.get_file_from_path(generated.uri)) is not None:
            files.remove(existing)
        files.append(generated.mkdocs_file(config))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Under ``--dirty`` MkDocs skips unchanged pages: read them for their titles in the navigation."""
    for page in nav.pages if state.dirty else []:
        if page.markdown is None and not page.file.is_modified():
            page.read_source(config)
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Compile the theme's templates once and keep them, as the engine does with its own."""
    if env.bytecode_cache is None:
        env.bytecode_cache = bytecode_cache()
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Index the written site for search; only then is the build complete."""
    try:
        _build().index_search(Path(config.site_dir))
    except ToolFailed as error:
        raise PluginError(f"the search index was not built: {error}") from None


def on_build_error(error: Exception) -> None:
    if state.build is not None:
        state.build.failed = True


def on_shutdown() -> None:
    """Publish the staged site if the build got through ``on_post_build`` without an error; else leave ``site/`` as it was."""
    if state.build is not None:
        state.build.finish()
    if state.staged is not None:  # gh-deploy publishes config.site_dir after this
        state.staged[0].site_dir = state.staged[1]
    state.build, state.staged = None, None


def _build() -> Build:
    if state.build is None:
        raise PluginError("the knowledge hooks were not configured: on_config did not run")
    return state.build
