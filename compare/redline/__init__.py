"""``reportgen redline``: the new report as Word tracked changes over the old one.

``document`` builds the file; ``pairing`` lines old and new paragraphs up; ``runs`` cuts the tracked runs;
``word_xml`` holds Word's markup; ``comments`` writes the review comments in Chinese.
"""
