"""Browser family, platform, device class and bot detection from a User-Agent string (ua-parser).

ua-parser and its tables load on the first User-Agent that needs them (when page views are counted), not in
every process that imports the statistics.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

# ua-parser marks known crawlers with device family "Spider"; these catch the rest.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|curl/|wget/|python-|httpx|aiohttp|go-http|java/|okhttp|libwww|"
    r"headless|phantomjs|lighthouse|pingdom|uptime|monitor|preview|facebookexternalhit|feedfetcher",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Agent:
    browser: str
    platform: str
    device: str  # desktop | mobile | tablet | bot


@lru_cache(maxsize=4096)
def agent_classify(user_agent: str) -> Agent:
    """Classify a User-Agent string; only the classes leave this function, never the string."""
    if not user_agent or BOT_PATTERN.search(user_agent):
        return Agent("Bot", "Bot", "bot")
    import ua_parser

    result = ua_parser.parse(user_agent)
    device_family = result.device.family if result.device else "Other"
    if device_family == "Spider":
        return Agent("Bot", "Bot", "bot")
    browser = (result.user_agent.family if result.user_agent else "Other")[:60]
    platform = (result.os.family if result.os else "Other")[:60]
    return Agent(browser, platform, _device_class(user_agent, platform, device_family))


def _device_class(user_agent: str, platform: str, device_family: str) -> str:
    if device_family == "iPad" or "Tablet" in user_agent:
        return "tablet"
    if platform == "Android":
        return "mobile" if "Mobile" in user_agent else "tablet"
    if platform in {"iOS", "Windows Phone", "BlackBerry OS", "KaiOS"} or "Mobile" in user_agent:
        return "mobile"
    return "desktop"
