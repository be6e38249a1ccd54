#!/usr/bin/env python3
"""Writes python-holidays-2024-2030.csv: the weekday public holidays of the python-holidays package
(https://pypi.org/project/holidays/, an independent, community-maintained source) for US federal and the
50 states + DC, 2024-2030. The Swift test HolidayReferenceTests compares Rules/calendars against it.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install holidays==0.109
    /tmp/venv/bin/python generate.py
"""
import csv
import datetime
import holidays

CODES = ["US"] + sorted(holidays.US.subdivisions)
YEARS = range(2024, 2031)
assert holidays.__version__ == "0.109", holidays.__version__

with open("python-holidays-2024-2030.csv", "w", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["jurisdiction", "date", "name"])
    for code in CODES:
        if code != "US" and (len(code) != 2 or code in ("AS", "GU", "MP", "PR", "UM", "VI")):
            continue
        table = holidays.US(years=YEARS) if code == "US" else holidays.US(subdiv=code, years=YEARS)
        for day, name in sorted(table.items()):
            if day.weekday() < 5:
                writer.writerow([code, day.isoformat(), name])
