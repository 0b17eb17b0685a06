"""Product pictures: uploads checked by their content, re-encoded with Pillow into web sizes, stored under tokens.

The upload itself is never stored or served: Pillow decodes it (which also drops any script or metadata it
carried) and writes new WebP files of a few widths under a random name in the shop's media storage.
Pillow loads on the first upload, not in every web worker (the storefront only links to the stored files).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from shopkeep.catalog.errors import PictureRefused
from shopkeep.catalog.images import image_version
from shopkeep.catalog.models import Product, ProductPicture
from shopkeep.conf import conf
from shopkeep.http import reverse_cached

if TYPE_CHECKING:
    from PIL import Image

WIDTHS = (320, 640, 1200)
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
MAX_PIXELS = 40_000_000
MIN_SIDE = 200
# The first bytes of the formats accepted, checked before Pillow looks at the file at all.
MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def _sniffed(data: bytes) -> bool:
    return data.startswith(MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def picture_decode(data: bytes) -> Image.Image:
    """The picture in `data` as an upright RGB(A) image; anything that is not a JPEG, PNG, WebP or GIF is refused."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not _sniffed(data):
        raise PictureRefused("This file is not a picture (JPEG, PNG, WebP or GIF), whatever its name says. "
                             "Save it as a JPEG or PNG and upload it again.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise PictureRefused("Only JPEG, PNG, WebP and GIF pictures are accepted.")
            if probe.width * probe.height > MAX_PIXELS:
                raise PictureRefused(f"This picture is {probe.width}×{probe.height} pixels; make it smaller than "
                                     f"{MAX_PIXELS // 1_000_000} megapixels and upload it again.")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except PictureRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise PictureRefused("This picture could not be read (it may be damaged). "
                             "Save it again as a JPEG or PNG and upload it.") from None
    image = ImageOps.exif_transpose(image)
    if min(image.size) < MIN_SIDE:
        raise PictureRefused(f"This picture is only {image.width}×{image.height} pixels; "
                             f"use one at least {MIN_SIDE} pixels on each side.")
    return image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")


def _encoded(image: Image.Image, width: int) -> bytes:
    from PIL import Image

    height = max(1, round(image.height * width / image.width))
    copy = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="WEBP", quality=82, method=4)
    return out.getvalue()


def product_picture_add(*, product: Product, upload: UploadedFile, alt: str = "") -> ProductPicture:
    """Check `upload` (size, type by content, dimensions), store it re-encoded in web sizes, list it last."""
    limit = conf.picture_max_bytes
    if upload.size is None or upload.size > limit:
        raise PictureRefused(f"This file is too large ({(upload.size or 0) / (1024 * 1024):.1f} MB): pictures may "
                             f"be at most {_megabytes(limit)}. Make it smaller and upload it again.")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise PictureRefused(f"The file is larger than {_megabytes(limit)}. Make it smaller and upload it again.")
    image = picture_decode(data)
    picture = ProductPicture(product=product, alt=alt.strip()[:200], width=image.width, height=image.height)
    picture.sizes = list(WIDTHS)
    for width in WIDTHS:
        default_storage.save(picture.storage_name(width), ContentFile(_encoded(image, width)))
    try:
        with transaction.atomic():
            picture.position = (product.pictures.aggregate(top=Max("position"))["top"] or -1) + 1
            picture.save()
    except Exception:
        picture_files_delete(picture=picture)
        raise
    return picture


def picture_url(picture: ProductPicture, *, width: int) -> str:
    """The address of the stored size nearest to `width` (at least it, when there is one)."""
    sizes = picture.sizes or [width]
    chosen = next((size for size in sizes if size >= width), sizes[-1])
    return picture.url(chosen)


def product_image_path(product: Product, *, width: int = 640, reverse=reverse_cached) -> str:
    """The address of the product's picture: its first uploaded photo in the nearest stored width, else its drawing
    (versioned by the product's last change, so both may be cached for long)."""
    if product.picture:
        size = next((w for w in WIDTHS if w >= int(width)), WIDTHS[-1])
        return reverse("catalog:product_picture", product.slug, product.picture, size)
    return f"{reverse('catalog:product_image', product.slug)}?v={image_version(product.updated_at)}"


def picture_files_delete(*, picture: ProductPicture) -> None:
    """Remove the stored sizes of a picture."""
    for width in picture.sizes or ():
        default_storage.delete(picture.storage_name(width))


def product_picture_delete(*, picture: ProductPicture) -> None:
    """Remove a picture and its files; the next one (or the drawn picture) takes its place."""
    picture.delete()
    picture_files_delete(picture=picture)


def product_picture_first(*, picture: ProductPicture) -> None:
    """Make `picture` the product's main picture."""
    with transaction.atomic():
        others = list(ProductPicture.objects.select_for_update().filter(product_id=picture.product_id)
                      .exclude(pk=picture.pk).order_by("position", "id"))
        for position, item in enumerate([picture, *others]):
            item.position = position
            item.save(update_fields=["position"])
