"""`manage.py check_links`: check every reference library address and report broken ones."""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from learn.linkcheck import LINK_STATES, check_links
from learn.models import ReferenceLink


def _positive(kind):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be a positive number, not {text!r}")
        return value

    return parse


class Command(BaseCommand):
    help = (
        "Check the reference library's addresses (HEAD, then GET if refused; redirects "
        "followed) and store each outcome. Broken links are reported, not treated as a crash: "
        "the exit code is 0 unless --fail-on-broken is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=_positive(float), default=10.0, help="seconds (default 10)"
        )
        parser.add_argument(
            "--workers", type=_positive(int), default=8, help="parallel checks (default 8)"
        )
        parser.add_argument(
            "--per-host",
            type=_positive(int),
            default=2,
            help="parallel requests to one host (default 2)",
        )
        parser.add_argument(
            "--only-broken", action="store_true", help="re-check only links that were broken"
        )
        parser.add_argument(
            "--slug", nargs="+", default=[], metavar="SLUG", help="check only these references"
        )
        parser.add_argument(
            "--fail-on-broken",
            action="store_true",
            help="exit with status 1 if a link is broken (for scheduled jobs)",
        )

    def handle(self, *args, timeout, workers, per_host, only_broken, slug, fail_on_broken, **opts):
        links = ReferenceLink.objects.order_by("slug")
        if slug:
            links = links.filter(slug__in=slug)
            missing = sorted(set(slug) - {link.slug for link in links})
            if missing:
                raise CommandError(f"No reference with the key(s): {', '.join(missing)}")
        if only_broken:
            links = links.filter(LINK_STATES["broken"])
        links = list(links)
        if not links:
            self.stdout.write("No references to check.")
            return

        started = time.monotonic()
        results = check_links(
            links,
            timeout=timeout,
            workers=workers,
            per_host=per_host,
            on_result=self._progress if opts["verbosity"] >= 2 else None,
        )
        self._summary(results, time.monotonic() - started)
        broken = sum(link.link_state == "broken" for link, _result in results)
        if broken and fail_on_broken:
            raise CommandError(f"{broken} broken link(s)", returncode=1)

    def _progress(self, link, result):
        self.stdout.write(f"{link.link_state:<10}  {link.slug}  {result.error}".rstrip())

    def _summary(self, results, seconds):
        by_state = {"ok": [], "redirected": [], "broken": []}
        for link, result in sorted(results, key=lambda pair: pair[0].slug):
            by_state[link.link_state].append((link, result))
        self.stdout.write(f"Checked {len(results)} links in {seconds:.1f} s.\n")
        styles = {"ok": self.style.SUCCESS, "redirected": self.style.WARNING}
        styles["broken"] = self.style.ERROR
        for state, rows in by_state.items():
            style = styles[state] if rows else str
            self.stdout.write(style(f"{state:<11}{len(rows):>5}"))
        if by_state["broken"]:
            self.stdout.write(self.style.ERROR("\nBroken"))
            self._table(
                ("status", "key", "address", "final address", "error"),
                [
                    (r.status or "-", link.slug, link.url, r.final_url or "-", r.error or "-")
                    for link, r in by_state["broken"]
                ],
            )
        if by_state["redirected"]:
            self.stdout.write(self.style.WARNING("\nRedirected"))
            self._table(
                ("status", "key", "address", "final address"),
                [
                    (r.status, link.slug, link.url, r.final_url)
                    for link, r in by_state["redirected"]
                ],
            )

    def _table(self, header, rows):
        rows = [header, *[tuple(str(cell) for cell in row) for row in rows]]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[-1]]).rstrip())
