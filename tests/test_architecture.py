"""Style rules that code review would otherwise have to catch (see the brief's architecture).

- A domain module (anything under jalons/ but jalons/web/) never imports the web layer.
- No source file grows past MAX_LINES: split it instead (migrations and vendored files aside).
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "jalons"
WEB = PACKAGE / "web"
MAX_LINES = 450
SOURCE_SUFFIXES = {".py", ".html", ".css", ".js", ".txt"}
EXCLUDED_DIRS = {"migrations", "__pycache__"}
VENDOR = PACKAGE / "static" / "vendor"


def _python_modules(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*.py") if not EXCLUDED_DIRS.intersection(p.relative_to(root).parts)
    )


def _imported_modules(path: Path, source: str | None = None) -> set[tuple[int, str]]:
    """(line, absolute module name) of every import in `path`, relative imports resolved."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    package_parts = path.relative_to(PACKAGE.parent).parts[:-1]
    found: set[tuple[int, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package_parts[: len(package_parts) - node.level + 1])
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add((node.lineno, module))
            # `from jalons import web` imports the web package too.
            found.update((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add((node.lineno, node.args[0].value))
    return found


def _is_web(module: str) -> bool:
    return module == "jalons.web" or module.startswith("jalons.web.")


def test_domain_modules_never_import_the_web_layer() -> None:
    domain_modules = [p for p in _python_modules(PACKAGE) if WEB not in p.parents]
    assert len(domain_modules) > 20, "the scan found too few modules: is PACKAGE right?"
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}"
        for path in domain_modules
        for line, module in _imported_modules(path)
        if _is_web(module)
    ]
    assert not offences, (
        "A domain module must never import jalons.web (views, forms, urls belong to the web "
        "layer; move the shared code into the domain app):\n" + "\n".join(offences)
    )


def test_import_scanner_sees_relative_and_dynamic_imports() -> None:
    """The guard above must be able to fail: the scanner finds every form of import."""
    source = (
        "from ...web import views\n"
        "from jalons.web.home.views import home\n"
        "import jalons.web\n"
        "import importlib\n"
        "importlib.import_module('jalons.web.urls')\n"
        "from jalons import web\n"
        "from . import errors\n"
    )
    path = PACKAGE / "pathways" / "services" / "example.py"
    found = _imported_modules(path, source)
    assert {item for item in found if _is_web(item[1])} == {
        (1, "jalons.web"),
        (1, "jalons.web.views"),
        (2, "jalons.web.home.views"),
        (2, "jalons.web.home.views.home"),
        (3, "jalons.web"),
        (5, "jalons.web.urls"),
        (6, "jalons.web"),
    }
    assert (7, "jalons.pathways.services.errors") in found


def _source_files() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*")
        if p.is_file()
        and p.suffix in SOURCE_SUFFIXES
        and VENDOR not in p.parents
        and not EXCLUDED_DIRS.intersection(p.relative_to(PACKAGE).parts)
        and "data" not in p.relative_to(PACKAGE).parts
    )


def test_no_source_file_exceeds_the_size_limit() -> None:
    files = _source_files()
    assert any(p.name == "settings.py" for p in files), "the scan missed jalons/settings.py"
    too_long = []
    for path in files:
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_LINES:
            too_long.append(f"{path.relative_to(PACKAGE.parent)}: {count} lines")
    assert not too_long, (
        f"Files over {MAX_LINES} lines (split them by responsibility; the style guide aims at "
        "about 400):\n" + "\n".join(too_long)
    )
