"""Reading: a report file (.txt, .docx, .pdf, .html, .doc/.wps/.odt/.rtf) → its plain text, one paragraph per line.

``documents.read_document`` picks the reader by the file's content and suffix; ``docx_text`` reads Word's XML as
the page shows it, ``pdf_text`` a published PDF's text layer, ``convert`` other office formats through
LibreOffice, and ``traditional`` maps traditional characters to simplified ones. ``reportgen.parse`` takes the text on.
"""
