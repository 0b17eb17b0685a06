"""Data map of the catalogue: products hold no personal data."""

from shopkeep.catalog.models import Category, Product, ProductDocument, Variant
from shopkeep.privacy.registry import register

register(Category, description="product categories", non_personal=["id", "name", "slug", "description", "position"])
register(
    Product,
    description="products",
    non_personal=["id", "name", "slug", "category", "kind", "description", "colour", "accent", "is_active",
                  "capture_immediately", "tax_class", "created_at", "updated_at"],
)
register(Variant, description="product sizes and stock",
         non_personal=["id", "product", "sku", "size", "price", "currency", "stock", "position"])
register(ProductDocument, description="product documents (manuals, size charts, safety sheets, rebate forms)",
         non_personal=["id", "product", "title", "kind", "file", "filename", "size", "position", "created_at"])
