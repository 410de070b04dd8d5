"""Load stage.

In: the files under ``content/``. Out: raw records (plain data with the position of every
value), read through the parse cache; unreadable files as problems.
"""
