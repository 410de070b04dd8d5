"""The built fixture site as a reader sees it: Chromium through Playwright, axe-core, lychee."""
