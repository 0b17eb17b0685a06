"""The one NinjaAPI of shopkeep; a router module per domain."""

from ninja import NinjaAPI

api = NinjaAPI(title="shopkeep API", version="1", urls_namespace="api")
