"""Validate stage.

In: raw records. Out: records that passed their kind's model; every failure as a problem with
file, line, column and fix.
"""
