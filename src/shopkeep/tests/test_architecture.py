"""The layers of docs/architecture.md hold: no app imports one above it, and none hides an import to dodge the rule."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import shopkeep

PACKAGE = Path(shopkeep.__file__).resolve().parent
ROOT = PACKAGE.parent.parent

# Function-level imports of another app that are allowed, as (module path, imported module). Keep it empty:
# an import inside a function to get around a cycle hides a dependency that the layers forbid.
# gunicorn reads its configuration file before Django is set up, so its worker-exit hook can only
# reach the statistics recorder once a worker has loaded the application.
ALLOWED_FUNCTION_IMPORTS: set[tuple[str, str]] = {("gunicorn_conf.py", "shopkeep.analytics.recorder")}


def lint_imports() -> str:
    """The path of the lint-imports command installed beside this interpreter."""
    beside = Path(sys.executable).with_name("lint-imports")
    return str(beside) if beside.exists() else shutil.which("lint-imports")


def test_the_import_linter_contracts_are_kept():
    # given the contracts in pyproject.toml
    # when import-linter checks the whole package
    result = subprocess.run(
        [lint_imports(), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    # then every contract is kept (the output names each broken import and its line)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def app_of(module: str) -> str | None:
    """The shopkeep app (first package under shopkeep) a dotted module name belongs to."""
    parts = module.split(".")
    return parts[1] if parts[0] == "shopkeep" and len(parts) > 1 else None


def production_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if {"tests", "migrations"} & set(relative.parts) or relative.parts[0] == "testing":
            continue
        yield relative, path


def function_level_imports(tree: ast.AST):
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    yield node.lineno, node.module
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        yield node.lineno, alias.name


def test_no_module_imports_another_app_inside_a_function():
    # given every production module of the package
    hidden = []
    for relative, path in production_modules():
        own_app = relative.parts[0] if len(relative.parts) > 1 else relative.stem
        # when its function bodies are searched for imports
        for line, module in function_level_imports(ast.parse(path.read_text(), filename=str(path))):
            other = app_of(module)
            if other and other != own_app and (str(relative), module) not in ALLOWED_FUNCTION_IMPORTS:
                hidden.append(f"{relative}:{line} imports {module} inside a function")
    # then none imports another app there: such imports belong at the top, where the layers can see them
    assert hidden == []


def test_the_architecture_document_names_every_app():
    # given the apps of the package
    apps = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "testing"}}
    # then docs/architecture.md places each one in a layer
    text = (ROOT / "docs" / "architecture.md").read_text()
    assert sorted(app for app in apps if f"`{app}`" not in text) == []
