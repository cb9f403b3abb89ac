"""The Excel workbook: its declared sheets, reading and validating it, writing new ones."""
