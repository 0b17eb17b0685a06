from django.apps import AppConfig


class SandboxGatewayConfig(AppConfig):
    name = "shopkeep.sandbox_gateway"
    label = "sandbox_gateway"
