"""The ``knowledge`` command for contributors and maintainers.

Validate, new, walk, diff, export, schemas and issue-form; none of it is on the build path.
"""
