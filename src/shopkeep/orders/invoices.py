"""Invoices and packing slips of an order, as one document drawn as printable HTML or as a PDF (fpdf2).

Every figure comes from what the order recorded when it was placed (lines, shipping, discount, total and the
VAT per rate), so an invoice always equals the order. The person's address is passed in by the caller, read
through the audited staff access function.
"""

from dataclasses import dataclass
from decimal import Decimal

from shopkeep.addresses.formatting import address_format_lines
from shopkeep.orders.models import Order, OrderLine, OrderTaxLine
from shopkeep.shop.models import ShopIdentity
from shopkeep.shop.services import identity_current


@dataclass(frozen=True)
class OrderDocument:
    kind: str  # "invoice" or "packing_slip"
    order: Order
    identity: ShopIdentity
    address_lines: list[str]
    lines: list[OrderLine]
    vat_lines: list[OrderTaxLine]

    @property
    def title(self) -> str:
        return "Invoice" if self.kind == "invoice" else "Packing slip"

    @property
    def number(self) -> str:
        return f"INV-{self.order.number}" if self.kind == "invoice" else self.order.number

    @property
    def net_total(self) -> Decimal:
        return self.order.total - sum((line.amount for line in self.vat_lines), Decimal("0.00"))


def order_document(*, order: Order, kind: str, address: dict) -> OrderDocument:
    """The invoice (billing address, prices and VAT) or packing slip (delivery address, quantities) of `order`."""
    if kind not in ("invoice", "packing_slip"):
        raise ValueError(f"Unknown document {kind!r}.")
    return OrderDocument(kind=kind, order=order, identity=identity_current(),
                         address_lines=address_format_lines(address) if address else [],
                         lines=list(order.lines.all()), vat_lines=list(order.tax_lines.all()))


def _amount(value: Decimal, currency: str) -> str:
    return f"{value:,.2f} {currency}"


def _latin1(text: str) -> str:
    # The PDF's built-in fonts cover Latin-1; anything else is replaced rather than failing the download.
    return str(text).encode("latin-1", "replace").decode("latin-1")


def _cell_text(pdf, text: str, *, width: float = 0, align: str = "L", bold: bool = False, size: int = 10) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.cell(width, 6, _latin1(text), align=align, new_x="RIGHT" if width else "LMARGIN",
             new_y="TOP" if width else "NEXT")


def order_document_pdf(document: OrderDocument) -> bytes:
    """The document as a PDF (A4, the PDF's own fonts, nothing fetched from anywhere)."""
    # fpdf (with the font and image libraries it pulls in) loads when a document is downloaded, not in every worker.
    from fpdf import FPDF

    order, identity = document.order, document.identity
    pdf = FPDF(format="A4")
    pdf.set_title(f"{document.title} {document.number}")
    pdf.set_creator("shopkeep")
    pdf.add_page()
    _cell_text(pdf, identity.legal_name, bold=True, size=14)
    for line in identity.postal_address_lines:
        _cell_text(pdf, line)
    if identity.vat_number:
        _cell_text(pdf, f"VAT number: {identity.vat_number}")
    pdf.ln(6)
    _cell_text(pdf, f"{document.title} {document.number}", bold=True, size=16)
    _cell_text(pdf, f"Order {order.number} of {order.created_at:%d %B %Y}")
    pdf.ln(4)
    _cell_text(pdf, "Bill to" if document.kind == "invoice" else "Deliver to", bold=True)
    for line in document.address_lines:
        _cell_text(pdf, line)
    pdf.ln(4)
    if document.kind == "invoice":
        _pdf_invoice_lines(pdf, document)
    else:
        _pdf_packing_lines(pdf, document)
    return bytes(pdf.output())


def _pdf_invoice_lines(pdf, document: OrderDocument) -> None:
    order, currency = document.order, document.order.currency
    widths = (90, 20, 35, 35)
    for text, width in zip(("Item", "Qty", "Unit price", "Total"), widths, strict=True):
        _cell_text(pdf, text, width=width, bold=True, align="L" if text == "Item" else "R")
    pdf.ln(6)
    for line in document.lines:
        name = f"{line.product_name}{f' (size {line.size})' if line.size else ''}, {line.sku}"
        _cell_text(pdf, name[:60], width=widths[0])
        _cell_text(pdf, str(line.quantity), width=widths[1], align="R")
        _cell_text(pdf, _amount(line.unit_price, currency), width=widths[2], align="R")
        _cell_text(pdf, _amount(line.line_total, currency), width=widths[3], align="R")
        pdf.ln(6)
    pdf.ln(2)
    rows = [("Subtotal", order.subtotal), (f"Shipping ({order.shipping_method_name})", order.shipping_total)]
    if order.discount_total:
        rows.append((f"Coupon {order.coupon_code}", -order.discount_total))
    rows.append(("Total", order.total))
    rows += [(f"incl. VAT {vat.percent}", vat.amount) for vat in document.vat_lines]
    rows.append(("Total excl. VAT", document.net_total))
    for label, value in rows:
        _cell_text(pdf, label, width=145, align="R", bold=label == "Total")
        _cell_text(pdf, _amount(value, currency), width=35, align="R", bold=label == "Total")
        pdf.ln(6)


def _pdf_packing_lines(pdf, document: OrderDocument) -> None:
    _cell_text(pdf, f"Shipping method: {document.order.shipping_method_name}")
    pdf.ln(2)
    for text, width in (("Qty", 20), ("Item", 110), ("SKU", 50)):
        _cell_text(pdf, text, width=width, bold=True)
    pdf.ln(6)
    for line in document.lines:
        _cell_text(pdf, str(line.quantity), width=20)
        _cell_text(pdf, f"{line.product_name}{f' (size {line.size})' if line.size else ''}"[:70], width=110)
        _cell_text(pdf, line.sku, width=50)
        pdf.ln(6)
