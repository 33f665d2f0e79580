"""Beancount's side of the comparison: load a ledger, compute holdings.

    python benchmarks/beancount_holdings.py LEDGER.beancount [--json]

Loads the ledger with ``beancount.loader.load_file`` (parse, FIFO booking,
interpolation, plugins, validation), then sums the postings of the
``Assets:Broker:*`` accounts into one Inventory per commodity and reduces each
to its units, its cost (FIFO lots left) and its value at the latest price,
plus a total value in HKD: roughly what ``paperwealth-cli report --json``
computes. With --json the holdings are printed as JSON (run.py uses it to
cross-check the two programs); the timings of the two phases go to stderr.

Set BEANCOUNT_DISABLE_LOAD_CACHE=1 to measure a real load: otherwise Beancount
reuses a pickle of an earlier load of the same file (run.py measures both).
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    started = time.perf_counter()
    from beancount import loader
    from beancount.core import convert, data, inventory, prices

    imported = time.perf_counter()
    path = sys.argv[1]
    entries, errors, _options = loader.load_file(path)
    loaded = time.perf_counter()
    if errors:
        print(f"{len(errors)} Beancount errors, the first: {errors[0]}", file=sys.stderr)
        return 1

    inventories: dict[str, inventory.Inventory] = {}
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                if posting.account.startswith("Assets:Broker:"):
                    inv = inventories.get(posting.units.currency)
                    if inv is None:
                        inv = inventories[posting.units.currency] = inventory.Inventory()
                    inv.add_position(posting)
    price_map = prices.build_price_map(entries)
    holdings = {}
    total_hkd = 0
    for commodity in sorted(inventories):
        inv = inventories[commodity]
        units = inv.get_currency_units(commodity).number
        cost = inv.reduce(convert.get_cost)
        value = inv.reduce(convert.get_value, price_map)
        cost_amounts = cost.get_positions()
        value_amounts = value.get_positions()
        for pos in value_amounts:
            converted = convert.convert_amount(pos.units, "HKD", price_map)
            if converted.currency == "HKD":
                total_hkd += converted.number
        holdings[commodity] = {
            "units": str(units),
            "cost": [f"{p.units.number} {p.units.currency}" for p in cost_amounts],
            "value": [f"{p.units.number} {p.units.currency}" for p in value_amounts],
        }
    done = time.perf_counter()
    print(
        f"beancount: import {imported - started:.3f} s, load_file {loaded - imported:.3f} s, "
        f"holdings {done - loaded:.3f} s, {len(entries)} entries",
        file=sys.stderr,
    )
    document = {"entries": len(entries), "holdings": holdings, "total_value_hkd": str(round(total_hkd, 2))}
    if "--json" in sys.argv[2:]:
        json.dump(document, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(f"{len(holdings)} holdings, total value HKD {document['total_value_hkd']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
