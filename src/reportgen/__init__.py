"""reportgen: store, draft and compare Chinese annual rule-of-law reports (法治政府建设年度报告)."""

__version__ = "0.1.0"

import logging

# The library reports what its readers had to do (tracked changes accepted, …) on the "reportgen" logger and in
# Report.warnings; the command line prints them on stderr. Silent unless the application sets up logging.
logging.getLogger("reportgen").addHandler(logging.NullHandler())
