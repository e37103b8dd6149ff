"""Parses an iCalendar file with the independent `icalendar` package (not the crate that wrote
it) and prints its events as JSON, so the end-to-end tests can compare them with the session.

Fails loudly on anything a strict client would reject: a missing VERSION or PRODID, an event
without UID, DTSTAMP or DTSTART, or a DTEND before the DTSTART.
"""

import json
import sys
from zoneinfo import ZoneInfo

import icalendar

BERLIN = ZoneInfo("Europe/Berlin")


def main(path: str) -> None:
    with open(path, "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    for required in ("VERSION", "PRODID"):
        if required not in calendar:
            raise SystemExit(f"calendar without {required}")
    events = []
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if required not in event:
                raise SystemExit(f"event without {required}")
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        if end <= start:
            raise SystemExit(f"event {event['UID']} ends before it starts")
        events.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event.get("SUMMARY", "")),
                "start": start.isoformat(),
                "end": end.isoformat(),
                # As the committee reads it: German local time, daylight saving applied.
                "start_local": start.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M"),
                "end_local": end.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M"),
                "status": str(event.get("STATUS", "")),
                "sequence": int(event.get("SEQUENCE", 0)),
                "location": str(event.get("LOCATION", "")),
                "url": str(event.get("URL", "")),
                "description": str(event.get("DESCRIPTION", "")),
            }
        )
    print(
        json.dumps(
            {
                "version": str(calendar["VERSION"]),
                "method": str(calendar.get("METHOD", "")),
                "name": str(calendar.get("X-WR-CALNAME", calendar.get("NAME", ""))),
                "events": events,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
