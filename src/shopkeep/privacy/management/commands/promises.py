import json

from django.core.management.base import BaseCommand, CommandError

from shopkeep.privacy.promises import (
    CLAUSE_MANIFEST,
    CLAUSES,
    MANIFEST,
    PROMISES,
    promise_clause_problems,
    promise_clause_tests,
    promise_clauses_scan,
    promise_tests,
    promise_tests_scan,
)


class Command(BaseCommand):
    help = "List the promises and the tests that prove them; --check fails if the manifest is stale."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--check", action="store_true", help="Fail if promise_tests.json differs from the tests.")
        action.add_argument("--write", action="store_true", help="Regenerate promise_tests.json from the tests.")
        action.add_argument("--markdown", action="store_true", help="Print a Markdown table for the README.")

    def handle(self, *args, check, write, markdown, **options):
        scanned = promise_tests_scan()
        unknown = sorted(set(scanned) - set(PROMISES))
        if unknown:
            raise CommandError(f"Tests are marked with unknown promise ids: {', '.join(unknown)}.")
        clauses = promise_clauses_scan()
        problems = promise_clause_problems(clauses)
        if problems:
            raise CommandError(" ".join(problems))
        if write:
            MANIFEST.write_text(json.dumps(scanned, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            CLAUSE_MANIFEST.write_text(json.dumps(clauses, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {MANIFEST.name}: {len(scanned)} promises proven by tests.")
            return
        if check:
            if scanned != promise_tests() or clauses != promise_clause_tests():
                raise CommandError("promise_tests.json is stale (or promise_clauses.json): run `shopkeep promises --write` and commit it.")
            self.stdout.write(f"{len(scanned)} of {len(PROMISES)} promises are proven by tests; manifest up to date.")
            return
        if markdown:
            self.stdout.write("| Promise | Tests |\n|---|---|")
            for pid, text in PROMISES.items():
                tests = "<br>".join(f"`{t}`" for t in scanned.get(pid, [])) or "not yet built (not claimed)"
                missing = [c for c in CLAUSES.get(pid, {}) if not clauses.get(pid, {}).get(c)]
                if missing and scanned.get(pid):
                    tests += "<br>**clauses without a test (not claimed):** " + ", ".join(missing)
                self.stdout.write(f"| **{pid}** {text} | {tests} |")
            return
        for pid, text in PROMISES.items():
            self.stdout.write(f"{pid} {'proven' if pid in scanned else 'not yet'}: {text}")
            for test in scanned.get(pid, []):
                self.stdout.write(f"    {test}")
