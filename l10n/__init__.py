"""l10n: a terminology-aware translation workflow.

Source releases are split into segments, matched against a terminology glossary,
pretranslated, reviewed by people and published per language, all tracked in SQLite.
"""

__version__ = "0.1.0"
