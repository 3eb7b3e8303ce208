"""Reads the CSV and the JSON that `clearsim run|compare` printed for the same run and
checks that they say the same thing, column by column, as pandas reads them: one column
list, missing as empty/null, exact integer counts, full-precision numbers, provenance.

usage: check_machine_output.py COMMAND OUT.csv OUT.json REPLICATIONS
"""
import json
import math
import sys

import pandas as pd

command, csv_path, json_path, replications = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
document = json.load(open(json_path))
table = pd.read_csv(csv_path, keep_default_na=False, na_values=[""], dtype=str)


def fail(message):
    sys.exit(f"FAIL ({command}): {message}")


columns = document["columns"]
if list(table.columns) != columns:
    fail(f"CSV header {list(table.columns)} is not the JSON column list {columns}")
rows = document["rows"]
if len(rows) != len(table):
    fail(f"{len(table)} CSV rows, {len(rows)} JSON rows")
for i, row in enumerate(rows):
    if list(row) != columns:
        fail(f"JSON row {i} has fields {list(row)}, not the column list")
    for name in columns:
        text, value = table.at[i, name], row[name]
        where = f"row {i} ({row['regime']}, {row['group']}, {row['measure']}, {row['statistic']}), {name}"
        if value is None:
            if not (isinstance(text, float) and math.isnan(text)):
                fail(f"{where}: JSON null but CSV '{text}'")
        elif isinstance(value, bool):
            if text != ("true" if value else "false"):
                fail(f"{where}: JSON {value} but CSV '{text}'")
        elif isinstance(value, int):
            if text != str(value):
                fail(f"{where}: JSON count {value} but CSV '{text}' (counts must be exact integers)")
        elif isinstance(value, float):
            if float(text) != value:  # the same double, not merely close
                fail(f"{where}: JSON {value!r} but CSV '{text}'")
        elif text != value:
            fail(f"{where}: JSON '{value}' but CSV '{text}'")

frame = pd.DataFrame(rows)
if (frame["unit"] == "").any():
    fail(f"rows without a unit: {frame[frame['unit'] == ''][['measure', 'statistic']].drop_duplicates().values.tolist()}")
if (frame["replications"] != replications).any():
    fail("replications column does not match the run")
totals = [r["value"] for r in rows if r["measure"] == "cleared" and r["statistic"] == "total"]
if not totals or not all(isinstance(v, int) and not isinstance(v, bool) for v in totals):
    fail("boxes cleared are not exact integer totals")
if replications < 2 and frame["value_ci95"].notna().any():
    fail("a single replication printed an interval")
if replications >= 2 and frame[frame["measure"] == "overall"]["value_ci95"].isna().all():
    fail("no intervals with several replications")
for stage_row in ("stage",):
    if frame[frame["measure"] == stage_row].empty:
        fail("no stage means")
if frame[frame["measure"] == "predicted_utilisation"].empty:
    fail("no predicted utilisation rows")

provenance = document["provenance"]
for key in ("version", "git_commit", "libraries", "scenario_sha256", "seed", "horizon_hours",
            "warmup_hours", "replications", "regimes", "command_line"):
    if key not in provenance or provenance[key] in (None, ""):
        fail(f"provenance lacks {key}")
if len(provenance["scenario_sha256"]) != 64:
    fail("scenario_sha256 is not a SHA-256")

if command == "compare":
    reference = document["reference"]
    if reference != provenance["regimes"][0]:
        fail("the reference is not the first regime")
    if frame[frame["regime"] == reference]["difference"].notna().any():
        fail("the reference has differences against itself")
    others = frame[(frame["regime"] != reference) & (frame["measure"] == "overall")]
    if others.empty or others["difference"].isna().all():
        fail("no paired differences")
else:
    if document["reference"] is not None or frame["difference"].notna().any():
        fail("a run printed differences")
print(f"{command}: {len(rows)} rows x {len(columns)} columns agree")
