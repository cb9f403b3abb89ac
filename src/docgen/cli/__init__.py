"""The ``docgen`` command line: thin commands over the library, every message in zh-TW."""
