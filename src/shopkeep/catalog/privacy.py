"""Data map of the catalogue: products hold no personal data."""

from shopkeep.catalog.models import Category, Product, ProductDocument, ProductPicture, StockMovement, Variant
from shopkeep.privacy.erasure import retention_erasure_register
from shopkeep.privacy.registry import Personal, register

register(Category, description="product categories", non_personal=["id", "name", "slug", "description", "position"])
register(
    Product,
    description="products",
    non_personal=["id", "name", "slug", "category", "kind", "description", "colour", "accent", "is_active",
                  "capture_immediately", "tax_class", "picture", "created_at", "updated_at"],
)
register(Variant, description="product sizes and stock",
         non_personal=["id", "product", "sku", "size", "price", "currency", "stock", "position"])
register(ProductDocument, description="product documents (manuals, size charts, safety sheets, rebate forms)",
         non_personal=["id", "product", "title", "kind", "file", "filename", "size", "position", "created_at"])
register(ProductPicture, description="product pictures",
         non_personal=["id", "product", "token", "alt", "width", "height", "sizes", "position", "created_at"])
register(
    StockMovement,
    description="the history of stock changes made by staff",
    personal={"by": Personal("user.unique_id", ("essential.service.security",), "legitimate_interests", "audit",
                             erase="keep", about="staff")},
    non_personal=["id", "variant", "sku", "change", "stock_after", "reason", "note", "created_at"],
)

# After the audit period the change stays in the history, without who made it.
retention_erasure_register(key="audit", model=StockMovement, what="which staff member changed stock",
                           rows=lambda cutoff: StockMovement.objects.filter(created_at__lt=cutoff))
