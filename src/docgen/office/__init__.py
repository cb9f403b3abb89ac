"""Headless LibreOffice: conversions with docgen's fonts and a throwaway profile."""
