"""Developer tools: regenerate the bundled example workbook and the .docx templates."""
