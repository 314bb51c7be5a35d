"""``interconnect catalog list|show|validate``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from interconnect.cli.commands import COMMANDS
from interconnect.cli.output import check_output, csv_text, emit, json_text
from interconnect.text_safety import printable

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("catalog", help=COMMANDS["catalog"])
    cmds = parser.add_subparsers(dest="catalog_command", metavar="ACTION", parser_class=type(parser))
    def _help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=_help)

    ls = cmds.add_parser("list", help="list options (or switches, NICs, accelerators, optical circuit switches, "
                                      "trends, service models, training jobs, sources)")
    ls.add_argument("--kind", choices=["option", "switch", "nic", "accelerator", "ocs", "trend", "service", "job",
                                            "source"],
                    default="option")
    ls.add_argument("--class", dest="option_class", metavar="C", help="option class: dsp, lpo, lro, npo, cpo, ...")
    ls.add_argument("--rate", metavar="R", help="link or module rate, e.g. 800G or '1.6 Tbit/s'")
    ls.add_argument("--format", choices=["table", "json", "csv"], default="table")
    ls.add_argument("--catalog", action="append", default=[], metavar="FILE", help="extra catalog file")
    ls.add_argument("-o", "--output", metavar="FILE")
    ls.set_defaults(handler=_list)

    show = cmds.add_parser("show", help="every field of one entry, with its sources")
    show.add_argument("id")
    show.add_argument("--format", choices=["table", "json"], default="table")
    show.add_argument("--catalog", action="append", default=[], metavar="FILE")
    show.set_defaults(handler=_show)

    val = cmds.add_parser("validate", help="check catalog files; report every problem")
    val.add_argument("files", nargs="+", metavar="FILE")
    val.add_argument("--overrides", action="store_true", help="also list shipped ids the files replace")
    val.set_defaults(handler=_validate)


def _rows(catalog: Any, args: argparse.Namespace) -> tuple[list[str], list[list[Any]], list[dict[str, Any]]]:
    from interconnect.catalog import OptionClass
    from interconnect.units import parse_quantity

    if args.kind != "option":
        table = {**catalog.tables(), "source": catalog.sources}[args.kind]
        entries = list(table.values())
        dumps = [e.model_dump(mode="json", by_alias=True, exclude_none=True) for e in entries]
        if args.kind == "trend":
            header = ["id", "fields", "applies to", "ages", "decline a year (low/typical/high)"]
            rows = [[e.id, ", ".join(e.fields), _applies(e), _ages(e), _decline(e)] for e in entries]
        elif args.kind == "source":
            header = ["id", "kind", "date", "title"]
            rows = [[e.id, str(e.kind), e.date, e.title] for e in entries]
        elif args.kind == "accelerator":
            header = ["id", "name", "ports", "optical I/O", "year"]
            rows = [[e.id, e.name, ", ".join(f"{c.count}x{c.rate.m_as('Gbit/s'):g}G" for c in e.ports),
                     ", ".join(e.optical_io) or "none", e.year] for e in entries]
        elif args.kind == "ocs":
            header = ["id", "name", "ports", "power", "cost", "year"]
            rows = [[e.id, e.name, f"{e.ports} + {e.spare_ports} spare", _fig(e.power), _fig(e.cost), e.year]
                    for e in entries]
        elif args.kind == "service":
            header = ["id", "part", "replaces", "mean time to repair", "year"]
            rows = [[e.id, e.part, e.replaces, _fig(e.mttr), e.year] for e in entries]
        elif args.kind == "job":
            header = ["id", "name", "checkpoint time", "restart time", "year"]
            rows = [[e.id, e.name, _fig(e.checkpoint_time), _fig(e.restart_time), e.year] for e in entries]
        else:
            header = ["id", "name", "power", "cost", "year"]
            rows = [[e.id, e.name, _fig(e.power), _fig(e.cost), e.year] for e in entries]
        return header, rows, dumps
    if args.option_class is not None:
        try:
            OptionClass(args.option_class)
        except ValueError:
            from interconnect.errors import InterconnectError

            raise InterconnectError(f"unknown class {args.option_class!r}; classes: "
                                    f"{', '.join(c.value for c in OptionClass)}") from None
    rate = parse_quantity(args.rate, "bit rate") if args.rate else None
    options = catalog.filter_options(args.option_class, rate)
    header = ["id", "class", "rate", "links", "reach", "power", "pJ/bit", "cost", "year"]
    rows = [[o.id, str(o.option_class), f"{o.rate.m_as('Gbit/s'):g}G", f"{o.breakout}x{o.link_rate.m_as('Gbit/s'):g}G",
             f"{o.reach.m_as('m'):g} m", _fig(o.part_power), f"{o.part_energy_per_bit.typical.m_as('pJ/bit'):.3g}",
             _fig(o.cost), o.year] for o in options]
    return header, rows, [o.model_dump(mode="json", by_alias=True, exclude_none=True) for o in options]


def _applies(trend: Any) -> str:
    parts = [", ".join(str(c) for c in trend.classes), ", ".join(f"{r.m_as('Gbit/s'):g}G" for r in trend.rates),
             ", ".join(f"vendor {v}" for v in trend.vendors), ", ".join(trend.entries)]
    return "; ".join(p for p in parts if p)


def _ages(trend: Any) -> str:
    end = "" if trend.until_age is None else f"{trend.until_age:g}"
    return f"{trend.from_age:g}-{end} y" if end else f"{trend.from_age:g}+ y"


def _decline(trend: Any) -> str:
    d = trend.decline
    return " / ".join(f"{q.m_as('percent'):g}%" for q in (d.low, d.typical, d.high))


def _fig(figure: Any) -> str:
    if figure is None:
        return ""
    t = figure.typical
    return f"{t.magnitude:.4g} {t.units:~C}"


def _list(args: argparse.Namespace) -> int:
    from interconnect.catalog import load_catalog
    from interconnect.units import UnitParseError

    check_output(args.output)
    catalog = load_catalog(args.catalog)
    try:
        header, rows, dumps = _rows(catalog, args)
    except UnitParseError as exc:
        from interconnect.errors import InterconnectError

        raise InterconnectError(f"--rate: {exc}") from None
    if args.format == "json":
        emit(json_text(dumps), args.output)
    elif args.format == "csv":
        emit(csv_text(header, rows), args.output)
    else:
        emit(_table(header, rows) + f"\n{len(rows)} entries", args.output)
    return 0


def _table(header: list[str], rows: list[list[Any]]) -> str:
    text = [[str(c) for c in r] for r in [header, *rows]]
    widths = [max(len(r[i]) for r in text) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in text]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _show(args: argparse.Namespace) -> int:
    from interconnect.catalog import Source, load_catalog

    catalog = load_catalog(args.catalog)
    entry = catalog.entry(args.id)
    data = entry.model_dump(mode="json", by_alias=True, exclude_none=True)
    if args.format == "json":
        emit(json_text(data), None)
        return 0
    lines = [f"{catalog.kind_of(entry.id)} {entry.id}"]
    for key, value in data.items():
        if key == "id":
            continue
        lines.append(f"  {key:<22} {_plain(value)}")
    if not isinstance(entry, Source):
        lines.append("sources:")
        cited = {s for s in entry.sources}
        for fig in entry.figures().values():
            cited.update(fig.sources)
        for sid in sorted(cited):
            src = catalog.sources.get(sid)
            if src is not None:
                where = src.url or src.document
                lines.append(f"  [{sid}] {src.title} ({src.kind}, {src.date}) {where}")
                if src.derivation:
                    lines.append(f"      derivation: {src.derivation}")
    emit("\n".join(lines), None)
    return 0


def _plain(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"value", "unit"}:
        return f"{value['value']:g} {value['unit']}"
    if isinstance(value, dict) and "typical" in value:
        text = " / ".join(_plain(value[k]) for k in ("low", "typical", "high"))
        return f"{text} (low / typical / high)" + (f" sources {value['sources']}" if "sources" in value else "")
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + "}"
    return str(value)


def _validate(args: argparse.Namespace) -> int:
    from interconnect.catalog import validate_files

    problems = validate_files(args.files)
    if problems:
        sys.stderr.write(f"invalid catalog ({len(problems)} problem{'s' if len(problems) != 1 else ''}):\n")
        for p in problems:
            sys.stderr.write(f"  - {printable(str(p))}\n")
        return 1
    if args.overrides:
        from interconnect.catalog import load_catalog

        catalog = load_catalog(args.files)
        for o in catalog.overrides:
            print(f"{o.by}: {o.kind} '{o.id}' overrides the one in {o.replaced_from}")
    print(f"ok: {len(args.files)} file(s) valid")
    return 0
