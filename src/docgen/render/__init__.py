"""Rendering templates: the sandbox and zh-TW errors every format shares, and each format."""
