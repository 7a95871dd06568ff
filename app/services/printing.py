"""Print a document or open it, or the folder it is in: what the buttons under a made
document do. The platform's ways are in app.reports.printing."""
import os

from app.reports import printing as printing_report


def print_document(path) -> str:
    """Windows: to the default printer through the shell; elsewhere: open the file.
    Returns 'printed' or 'opened'."""
    return printing_report.print_document(path)


def open_document(path) -> str:
    return printing_report.open_document(path)


def open_folder(path) -> str:
    return printing_report.open_document(path if os.path.isdir(str(path)) else
                                         os.path.dirname(str(path)))
