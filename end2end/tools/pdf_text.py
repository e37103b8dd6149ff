"""Prints the text of a PDF with the independent `pypdf` package (not the crate that wrote it),
page by page, so the end-to-end tests can check an export. Fails on a file pypdf cannot read."""

import sys

from pypdf import PdfReader


def main(path: str) -> None:
    reader = PdfReader(path, strict=True)
    if not reader.pages:
        raise SystemExit("PDF without pages")
    for page in reader.pages:
        print(page.extract_text())


if __name__ == "__main__":
    main(sys.argv[1])
