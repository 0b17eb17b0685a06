"""Small, real PDFs for the demo products' documents (a size chart and a care sheet), written by hand."""


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf(*, title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with a title and lines of text in Helvetica."""
    text = [f"BT /F1 20 Tf 56 780 Td ({_escape(title)}) Tj ET"]
    for number, line in enumerate(lines):
        text.append(f"BT /F1 12 Tf 56 {744 - 20 * number} Td ({_escape(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# (product slug, title, kind, file name, title in the PDF, lines)
DEMO_DOCUMENTS = [
    ("lightweight-running-shoes", "Size chart", "size_chart", "running-shoes-size-chart.pdf",
     "Lightweight Running Shoes: size chart",
     ["EU size    Foot length (cm)    UK    US", "EU 38      24.0                5     6.5", "EU 39      24.7                6     7",
      "EU 40      25.3                6.5   7.5", "EU 41      26.0                7     8", "EU 42      26.7                8     9",
      "EU 43      27.3                9     10", "EU 44      28.0                9.5   10.5", "EU 45      28.7                10.5  11.5",
      "", "Measure your foot in the evening, standing, heel against a wall.",
      "Between two sizes? Take the larger one."]),
    ("shoe-care-kit", "Safety information", "safety_sheet", "shoe-care-kit-safety.pdf",
     "Shoe Care Kit: safety information",
     ["The shoe cream contains beeswax and natural oils.", "Keep out of the reach of children. Do not swallow.",
      "If the cream gets into the eyes, rinse with plenty of water.", "Use in a ventilated room; keep away from open flames.",
      "Store below 25 degrees C. Best used within 24 months of opening."]),
]
