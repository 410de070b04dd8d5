"""What a record is.

The kinds (``kinds``), their pydantic models (``models``), the allowed values of enumerated
fields (``vocabulary``), the safety rules for record text (``safety``), and ways to walk a
model's fields (``fields``, ``field_docs``).
"""
