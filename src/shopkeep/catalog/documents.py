"""Product documents (P-42): PDF uploads checked by their content, stored under names the shop chooses."""

import io
import logging
import re
import unicodedata

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shopkeep.catalog.errors import DocumentRefused
from shopkeep.catalog.models import Product, ProductDocument
from shopkeep.conf import conf

PDF_MAGIC = b"%PDF-"
UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|^\.|\.\.|^[A-Za-z]:")
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def document_name_check(name: str) -> str:
    """The download name for an uploaded file name; a name with a folder path in it is refused."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or UNSAFE_NAME.search(name):
        raise DocumentRefused(
            f"The file name {name[:80]!r} contains a folder path or hidden characters. "
            "Rename the file to a plain name such as manual.pdf and upload it again.")
    stem = name[:-4] if name.lower().endswith(".pdf") else name.rpartition(".")[0] or name
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode())
    stem = stem.strip("-._")[:80] or "document"
    return f"{stem}.pdf"


def document_content_check(data: bytes) -> None:
    """Refuse anything that is not a readable PDF, whatever its name says."""
    if not data.startswith(PDF_MAGIC):
        raise DocumentRefused("This file is not a PDF (it may only be named .pdf). Save it as a PDF and upload it again.")
    # pypdf (and the font tables it pulls in) loads here, on an upload, not in every web worker.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(io.BytesIO(data), strict=False).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        pages = 0
    if pages < 1:
        raise DocumentRefused("This PDF could not be read (it may be damaged). Save it again as a PDF and upload it.")


def product_document_add(*, product: Product, upload: UploadedFile, title: str, kind: str) -> ProductDocument:
    """Check `upload` (size, name, content) and attach it to `product`; nothing is stored when it is refused."""
    limit = conf.document_max_bytes
    if upload.size is None or upload.size > limit:
        raise DocumentRefused(f"This file is too large ({(upload.size or 0) / (1024 * 1024):.2f} MB): documents may "
                              f"be at most {_megabytes(limit)}. Make the PDF smaller and upload it again.")
    filename = document_name_check(upload.name)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise DocumentRefused(f"The file is larger than {_megabytes(limit)}. Make the PDF smaller and upload it again.")
    document_content_check(data)
    if kind not in ProductDocument.Kind.values:
        raise DocumentRefused(f"Unknown document kind {kind!r}.")
    with transaction.atomic():
        position = product.documents.count()
        document = ProductDocument(product=product, title=title.strip()[:120] or filename, kind=kind,
                                   filename=filename, size=len(data), position=position)
        document.file.save(filename, ContentFile(data), save=False)
        document.save()
    return document


def product_document_delete(*, document: ProductDocument) -> None:
    """Remove a document and its file."""
    document.file.delete(save=False)
    document.delete()
