"""Every cookie the shop can set, declared once (P-06, P-08).

The cookie notice is generated from these declarations, and CookieGuardMiddleware
refuses (in DEBUG and in tests) any response that sets an undeclared cookie or keeps
one longer than declared.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CookieDeclaration:
    name: str
    purpose: str
    lifetime: str
    max_age_seconds: int | None  # None: a session cookie, gone when the browser closes
    necessary: bool
    contains: str
    how_to_avoid: str
    set_when: str = ""  # the visitor's action that first sets it, as "No cookies until you …" ends


COOKIES = {
    c.name: c
    for c in (
        CookieDeclaration(
            name="sk_cart",
            purpose="Remembers which shopping cart is yours while you shop.",
            lifetime="until you close your browser",
            max_age_seconds=None,
            necessary=True,
            contains="a random cart id; nothing about you",
            how_to_avoid="Only set when you add something to your cart. The shop also works with cookies switched off: the cart then travels in the page address.",
            set_when="add something to your cart",
        ),
        CookieDeclaration(
            name="sk_session",
            purpose="Keeps you logged in to your account.",
            lifetime="until you close your browser or log out",
            max_age_seconds=None,
            necessary=True,
            contains="a random session id; nothing about you",
            how_to_avoid="Only set when you log in. You can buy as a guest without it.",
            set_when="log in",
        ),
        CookieDeclaration(
            name="sk_csrf",
            purpose="Protects the forms of your account against cross-site request forgery.",
            lifetime="until you close your browser",
            max_age_seconds=None,
            necessary=True,
            contains="a random security token; nothing about you",
            how_to_avoid="Only set when you log in.",
            set_when="log in",
        ),
    )
}


HOST_PREFIX = "__Host-"  # with SHOPKEEP_HTTPS every cookie carries it (P-14)


def cookies_first_set_when() -> str:
    """'add something to your cart or log in': every action that can set a cookie, from the declarations."""
    actions = list(dict.fromkeys(c.set_when for c in COOKIES.values()))
    return actions[0] if len(actions) == 1 else f"{', '.join(actions[:-1])} or {actions[-1]}"


def cookie_problems(response) -> list[str]:
    """Why the cookies `response` sets break the declarations (empty when they don't)."""
    problems = []
    for name, morsel in response.cookies.items():
        declaration = COOKIES.get(name.removeprefix(HOST_PREFIX))
        deleting = morsel.value == "" and (morsel["max-age"] == 0 or str(morsel["max-age"]) == "0")
        if declaration is None:
            problems.append(f"Cookie {name!r} is not declared in shopkeep/privacy/cookies.py.")
            continue
        if deleting:
            continue
        max_age = morsel["max-age"]
        if declaration.max_age_seconds is None and (max_age not in ("", None) or morsel["expires"]):
            problems.append(f"Cookie {name!r} is declared as a session cookie but was set with an expiry.")
        elif declaration.max_age_seconds is not None and max_age not in ("", None):
            if int(max_age) > declaration.max_age_seconds:
                problems.append(f"Cookie {name!r} lives {max_age}s, longer than the declared {declaration.max_age_seconds}s.")
    return problems
