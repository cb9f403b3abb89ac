"""Template builders: dev-time code that writes the templates/<kind>.docx files."""
